namespace Prosync.Actors.Servers;

/// <summary>
/// One server's queue as song ids by position, kept up to date from <c>plchangesposid</c>.
/// Positions are the common currency between servers: the same song sits at the same position
/// everywhere, while its id differs per server.
/// </summary>
public sealed class QueueMap
{
    private readonly List<int> _ids = [];

    /// <summary>The queue version this map reflects; -1 before the first refresh.</summary>
    public int Version { get; private set; } = -1;

    public int Count => _ids.Count;

    public IReadOnlyList<int> Ids => _ids;

    /// <summary>Applies the changes since <see cref="Version"/>: (position, id) pairs, then the new length.</summary>
    public void Apply(IEnumerable<(int Position, int Id)> changes, int length, int version)
    {
        foreach (var (position, id) in changes)
        {
            while (_ids.Count <= position) _ids.Add(-1);
            _ids[position] = id;
        }
        if (_ids.Count > length) _ids.RemoveRange(length, _ids.Count - length);
        Version = version;
    }

    public int PositionOf(int id) => _ids.IndexOf(id);

    public int? IdAt(int position) => position >= 0 && position < _ids.Count ? _ids[position] : null;
}

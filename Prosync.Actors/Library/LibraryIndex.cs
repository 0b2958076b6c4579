namespace Prosync.Actors.Library;

/// <summary>
/// Which songs each room's MPD has, from its own listing, and what each lacks against the others. Pure: the cluster
/// feeds it listings and asks it questions.
/// </summary>
public sealed class LibraryIndex
{
    private readonly Dictionary<string, Room> _rooms = new(StringComparer.Ordinal);

    /// <summary>The rooms listed at least once, in the order they were first listed.</summary>
    public IReadOnlyCollection<string> Rooms => _rooms.Keys;

    /// <summary>Replaces <paramref name="room"/>'s listing with <paramref name="songs"/>, read at <paramref name="at"/>.</summary>
    public void Update(string room, IEnumerable<LibrarySong> songs, DateTimeOffset at)
    {
        var map = new Dictionary<string, LibrarySong>(StringComparer.Ordinal);
        foreach (var song in songs) map[song.Path] = song;
        _rooms[room] = new Room(map, at);
    }

    /// <summary>A file now known to be in <paramref name="room"/>'s database (copied there), until its next listing.</summary>
    public void Add(string room, LibrarySong song)
    {
        if (_rooms.TryGetValue(room, out var known)) known.Songs[song.Path] = song;
    }

    public void Remove(string room) => _rooms.Remove(room);

    public bool Has(string room, string path) => _rooms.TryGetValue(room, out var known) && known.Songs.ContainsKey(path);

    public bool IsListed(string room) => _rooms.ContainsKey(room);

    public int Count(string room) => _rooms.TryGetValue(room, out var known) ? known.Songs.Count : 0;

    public DateTimeOffset? LastCheck(string room) => _rooms.TryGetValue(room, out var known) ? known.At : null;

    /// <summary>The rooms (among those listed) that have <paramref name="path"/>.</summary>
    public IReadOnlyList<string> Holders(string path) =>
        _rooms.Where(r => r.Value.Songs.ContainsKey(path)).Select(r => r.Key).ToList();

    /// <summary>Songs some other listed room has and <paramref name="room"/> does not, in path order.</summary>
    public IReadOnlyList<string> Missing(string room)
    {
        if (!_rooms.TryGetValue(room, out var own)) return [];
        return _rooms.Where(r => r.Key != room).SelectMany(r => r.Value.Songs.Keys).Distinct(StringComparer.Ordinal)
            .Where(p => !own.Songs.ContainsKey(p)).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Songs <paramref name="room"/> has under the same path as another room but with another duration: not the same
    /// recording, so a copy from one to the other would not be a replica. Reported, never overwritten automatically.
    /// </summary>
    public IReadOnlyList<string> Different(string room)
    {
        if (!_rooms.TryGetValue(room, out var own)) return [];
        return own.Songs.Values
            .Where(song => song.DurationMs is { } mine && _rooms.Any(r => r.Key != room
                && r.Value.Songs.TryGetValue(song.Path, out var theirs) && theirs.DurationMs is { } other && Math.Abs(other - mine) > 1))
            .Select(s => s.Path).Order(StringComparer.Ordinal).ToList();
    }

    private sealed record Room(Dictionary<string, LibrarySong> Songs, DateTimeOffset At);
}

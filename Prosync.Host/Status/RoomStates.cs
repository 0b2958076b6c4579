using Prosync.Actors.Servers;

namespace Prosync.Host.Status;

/// <summary>
/// The three states a person sees: <c>InSync</c>, <c>Syncing</c>, <c>Down</c>. The engine has a fourth,
/// <see cref="ServerState.Connecting"/>, which a lost room passes through on every reconnection attempt
/// (Down → Connecting → Down … with backoff); shown as is, a dead room would flicker. So Connecting reads as
/// Down while the room was last seen Down, and as Syncing otherwise (a room connecting for the first time).
/// </summary>
public sealed class RoomStates
{
    private const string InSync = "InSync";
    private const string Syncing = "Syncing";
    public const string Down = "Down";

    private readonly Dictionary<string, string> _shown = [];

    /// <summary>Maps one room's engine state, remembering it for the next call. Thread-safe.</summary>
    public string Show(string room, ServerState state)
    {
        lock (_shown)
        {
            var shown = state switch
            {
                ServerState.InSync => InSync,
                ServerState.Syncing => Syncing,
                ServerState.Down => Down,
                _ => _shown.GetValueOrDefault(room) == Down ? Down : Syncing,
            };
            _shown[room] = shown;
            return shown;
        }
    }

    /// <summary>Forgets rooms that are no longer in the cluster, so a room added again under that name starts afresh.</summary>
    public void Retain(IEnumerable<string> rooms)
    {
        lock (_shown)
        {
            var keep = rooms.ToHashSet();
            foreach (var gone in _shown.Keys.Where(k => !keep.Contains(k)).ToList())
            {
                _shown.Remove(gone);
            }
        }
    }
}

namespace Prosync.Host.Registry;

/// <summary>
/// The registered replicas and their last keepalives, pure (the caller supplies the time and serialises access):
/// what a registration means (new, renewed, moved, conflicting) and which replicas have expired.
/// </summary>
public sealed class ReplicaTable
{
    private readonly Dictionary<string, RegisteredReplica> _replicas = new(StringComparer.OrdinalIgnoreCase);

    public enum Registration
    {
        /// <summary>Not known: a new room.</summary>
        New,

        /// <summary>Known with the same MPD and agent: a keepalive.</summary>
        Renewed,

        /// <summary>Known with the same MPD but a new agent address (the agent restarted elsewhere): the room is re-added.</summary>
        Moved,

        /// <summary>The name belongs to a live replica with another MPD server.</summary>
        Conflict,
    }

    public RegisteredReplica? Find(string name) => _replicas.GetValueOrDefault(name);

    public IReadOnlyList<RegisteredReplica> All => [.. _replicas.Values.OrderBy(r => r.Name, StringComparer.Ordinal)];

    /// <summary>What registering <paramref name="replica"/> would be; changes nothing.</summary>
    public Registration Classify(RegisteredReplica replica)
    {
        if (Find(replica.Name) is not { } known)
        {
            return Registration.New;
        }
        if (!known.Mpd.Equals(replica.Mpd, StringComparison.OrdinalIgnoreCase))
        {
            return Registration.Conflict;
        }
        return known.Agent.Equals(replica.Agent, StringComparison.OrdinalIgnoreCase) ? Registration.Renewed : Registration.Moved;
    }

    /// <summary>Stores a registration or keepalive at <paramref name="now"/> (keeping the first registration time of a renewal).</summary>
    public void Record(RegisteredReplica replica, DateTimeOffset now)
    {
        var registeredAt = Find(replica.Name) is { } known && Classify(replica) == Registration.Renewed ? known.RegisteredAt : now;
        _replicas[replica.Name] = replica with { RegisteredAt = registeredAt, LastKeepaliveAt = now };
    }

    public bool Remove(string name) => _replicas.Remove(name);

    /// <summary>Replicas whose last keepalive is older than <paramref name="timeout"/> at <paramref name="now"/>.</summary>
    public IReadOnlyList<RegisteredReplica> Expired(DateTimeOffset now, TimeSpan timeout)
        => [.. _replicas.Values.Where(r => now - r.LastKeepaliveAt > timeout)];
}

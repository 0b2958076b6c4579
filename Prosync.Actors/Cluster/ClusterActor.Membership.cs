using Prosync.Actors.Protocol;
using Prosync.Actors.Servers;

namespace Prosync.Actors.Cluster;

/// <summary>Server states, the choice of primary, and the idle events clients see.</summary>
public sealed partial class ClusterActor
{
    private void OnServerStateChanged(ServerStateChanged changed)
    {
        if (!_servers.TryGetValue(changed.Server, out var entry)) return;
        var previous = entry.State;
        entry.State = changed.State;
        if (previous != changed.State) entry.StateSince = Context.Time.GetUtcNow();
        if (changed.Version is { } version) entry.Version = version;
        if (previous != changed.State)
            Log.Information("Server {Server}: {Previous} -> {State}", changed.Server, previous, changed.State);
        if (changed.State != ServerState.InSync) ForgetServerInWrite(changed.Server);
        ElectPrimary();
    }

    /// <summary>
    /// The primary stays while it is in sync (no flapping back when a better-ranked room returns);
    /// otherwise the first in-sync server in configuration order takes over.
    /// </summary>
    private void ElectPrimary()
    {
        if (_primary is { } current && _servers[current].State == ServerState.InSync) return;
        var next = InSync.Select(s => s.Endpoint.Name).FirstOrDefault();
        if (next == _primary) return;
        Log.Information("Primary is now {Primary} (was {Previous})", next ?? "(none)", _primary ?? "(none)");
        var hadPrimary = _primary is not null;
        _primary = next;
        // Everything a client cached came from the old primary: make idle clients refetch.
        if (hadPrimary && next is not null) Publish(Subsystems.All);
    }

    private void OnServerEvents(ServerEvents events)
    {
        NoteEffect(events);
        // Every server reports the same change; clients hear it once, from the primary.
        if (events.Server != _primary) return;
        Publish(events.Changed);
        if ((events.Changed & (Subsystems.Player | Subsystems.Mixer | Subsystems.Playlist)) != 0) RefreshPlayer();
    }

    private void Publish(Subsystems changed)
    {
        var message = new SubsystemsChanged(changed);
        foreach (var session in _sessions) session.Tell(message);
    }
}

using Akka.Actor;
using Akka.Event;
using Prosync.Actors.Protocol;
using Prosync.Actors.Servers;

namespace Prosync.Actors.Cluster;

/// <summary>Server states, the choice of primary, and the idle events clients see.</summary>
public sealed partial class ClusterActor
{
    /// <summary>How long a starting proxy waits for all rooms before adopting one as the primary.</summary>
    private static readonly TimeSpan StartupGrace = TimeSpan.FromSeconds(1.5);

    private bool _startupOver;

    private void OnServerStateChanged(ServerStateChanged changed)
    {
        if (!_servers.TryGetValue(changed.Server, out var entry)) return;
        if (changed.Version is { } version) entry.Version = version;
        SetState(entry, changed.State);
        OnRoomStateForLibrary(changed.Server, changed.State);
        if (changed.State == ServerState.Syncing)
        {
            // Connected. With a primary, this room is compared and replayed; without one, it may become it.
            if (_primary is null) ElectPrimary();
            else EnqueueResync(changed.Server);
            return;
        }
        ForgetServer(changed.Server);
    }

    /// <summary>A room is lost (Down, or removed): writes and resyncs go on without it, and a new primary takes over if it was one.</summary>
    private void ForgetServer(string server)
    {
        ForgetServerInWrite(server);
        ForgetServerInResync(server);
        ForgetServerInCorrection(server);
        if (server == _primary) ElectPrimary();
        StartNextWrite(); // a write restarted by the failover
    }

    private void SetState(ServerEntry entry, ServerState state)
    {
        if (state != ServerState.Connecting) entry.Arriving = false;
        if (entry.State == state) return;
        Log.Info("Server {Server}: {Previous} -> {State}", entry.Endpoint.Name, entry.State, state);
        entry.State = state;
        entry.StateSince = Clock.GetUtcNow();
        if (state is ServerState.Down or ServerState.Connecting) entry.Continuity.Latest = null;
    }

    private void OnStartupGraceEnded()
    {
        _startupOver = true;
        if (_primary is null) ElectPrimary();
    }

    /// <summary>
    /// The primary stays while it is in sync (no flapping back when a better-ranked room returns);
    /// otherwise the first in-sync room in configuration order takes over. With no room in sync (a proxy
    /// that just started, or every room was lost), a connected room is adopted as it is: its state becomes
    /// the cluster's and the rest are replayed from it — the music never stops for a proxy restart.
    /// </summary>
    private void ElectPrimary()
    {
        // A disabled primary only holds the state while no enabled room could.
        if (_primary is { } current && _servers.TryGetValue(current, out var entry) && entry.State == ServerState.InSync
            && (IsEnabled(current) || !InSync.Any(s => IsEnabled(s.Endpoint.Name)))) return;
        var previous = _primary;
        var next = InSync.FirstOrDefault(s => IsEnabled(s.Endpoint.Name)) ?? InSync.FirstOrDefault();
        if (next is null && (_startupOver || _servers.Values.All(s => s.State != ServerState.Connecting)))
        {
            // A disabled room is stopped on purpose: the music to keep is an enabled room's.
            next = _servers.Values.Where(s => s.State == ServerState.Syncing).OrderBy(s => IsEnabled(s.Endpoint.Name) ? 0 : 1).FirstOrDefault();
            if (next is not null)
            {
                Log.Info("Adopting the state of {Server} as the cluster's", next.Endpoint.Name);
                SetState(next, ServerState.InSync);
            }
        }
        _primary = next?.Endpoint.Name;
        if (_primary == previous) return;
        Log.Info("Primary is now {Primary} (was {Previous})", _primary ?? "(none)", previous ?? "(none)");
        if (_primary is null) return;
        _startupOver = true;
        ReleaseHeld();
        // Everything a client cached came from the old primary: make idle clients refetch.
        if (previous is not null) Publish(Subsystems.All);
        RefreshPlayer();
        // A disabled room that held the state until now is stopped by its resync.
        if (previous is not null && !IsEnabled(previous) && _servers.TryGetValue(previous, out var former) && former.State == ServerState.InSync)
            SetState(former, ServerState.Syncing);
        foreach (var syncing in _servers.Values.Where(s => s.State == ServerState.Syncing).ToList())
            EnqueueResync(syncing.Endpoint.Name);
    }

    private void OnResyncServer(ResyncServer resync)
    {
        if (!_servers.TryGetValue(resync.Name, out var entry))
        {
            Sender.Tell(new OperationResult(false, $"no server named {resync.Name}"));
            return;
        }
        if (resync.Name == _primary)
        {
            Sender.Tell(new OperationResult(false, $"{resync.Name} is the primary: the others follow it"));
            return;
        }
        if (entry.State is ServerState.Down or ServerState.Connecting)
        {
            Sender.Tell(new OperationResult(false, $"{resync.Name} is {entry.State}; it is resynced when it connects"));
            return;
        }
        SetState(entry, ServerState.Syncing);
        EnqueueResync(resync.Name);
        Sender.Tell(new OperationResult(true, $"resync of {resync.Name} queued"));
    }

    private void OnServerEvents(ServerEvents events)
    {
        NoteEffect(events);
        OnRoomEventsForLibrary(events);
        // Every server reports the same change; clients hear it once, from the primary.
        if (events.Server != _primary) return;
        var changed = WithoutCorrectionNoise(events);
        if (changed == Subsystems.None) return;
        Publish(changed);
        if ((changed & (Subsystems.Player | Subsystems.Mixer | Subsystems.Playlist)) != 0) RefreshPlayer();
    }

    private void Publish(Subsystems changed)
    {
        var message = new SubsystemsChanged(changed);
        foreach (var session in _sessions) session.Tell(message);
    }
}

internal sealed record StartupGraceEnded
{
    public static readonly StartupGraceEnded Instance = new();
}

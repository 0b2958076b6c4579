using System.Globalization;
using Akka.Actor;
using Akka.Event;
using Prosync.Actors.Protocol;
using Prosync.Actors.Scheduling;
using Prosync.Actors.Servers;

namespace Prosync.Actors.Cluster;

/// <summary>
/// Rejoin by state replay. A room that connects, diverged, or missed a command is Syncing until it
/// matches the primary: queue, options, volume, outputs, then playback, the position
/// latency-compensated so the room starts in step. Resyncs run in the write queue, so no client
/// command changes the cluster's state between a snapshot and the replay.
/// </summary>
public sealed partial class ClusterActor
{
    private const int ResyncHistory = 20;
    private static readonly TimeSpan ResyncRetryDelay = TimeSpan.FromSeconds(1);

    private readonly LinkedList<ResyncRecord> _resyncs = new();
    private ResyncOperation? _resync;

    /// <summary>
    /// How much further to seek than the computed position, learnt from each rejoin's residual error:
    /// MPD takes a few milliseconds to seek the decoder and refill its buffer before the room is heard.
    /// </summary>
    private double? _seekLeadSeconds;

    private double SeekLeadSeconds => _seekLeadSeconds ??= _options.InitialSeekLead.TotalSeconds;

    /// <summary>With continuity on, a rejoining room lands a little ahead and is paused into step (see <see cref="ContinuityOptions.SeekAheadMs"/>).</summary>
    private double SeekAheadSeconds => _options.Continuity.Enabled ? _options.Continuity.SeekAheadMs / 1000 : 0;

    /// <summary>Recent rejoins, newest first.</summary>
    private IReadOnlyList<ResyncRecord> RecentResyncs => _resyncs.ToList();

    private void EnqueueResync(string server)
    {
        if (!_servers.TryGetValue(server, out var entry) || entry.ResyncQueued) return;
        entry.ResyncQueued = true;
        _writes.AddLast(new ResyncOperation(++_nextTag, server, Clock.GetUtcNow()));
        StartNextWrite();
    }

    /// <summary>Marks a room as no longer matching the cluster and queues its resync.</summary>
    private void MarkDiverged(string server, string why)
    {
        if (!_servers.TryGetValue(server, out var entry) || entry.State != ServerState.InSync || server == _primary) return;
        Log.Warning("Server {Server} diverged ({Why}): resyncing it", server, why);
        SetState(entry, ServerState.Syncing);
        EnqueueResync(server);
    }

    private void StartResync(ResyncOperation resync)
    {
        if (!_servers.TryGetValue(resync.Target, out var entry)) return;
        entry.ResyncQueued = false;
        if (entry.State != ServerState.Syncing || _primary is null || _primary == resync.Target) return;
        _resync = resync;
        _writesStarted++;
        resync.Primary = _primary;
        Timers.StartSingleTimer("resync", new ResyncTimedOut(resync.Tag), _options.WriteTimeout);
        TakeSnapshots(resync);
    }

    private void TakeSnapshots(ResyncOperation resync)
    {
        resync.Step = ResyncOperation.Phase.Snapshots;
        resync.Round++;
        resync.Cluster = resync.Room = null;
        _servers[resync.Primary].Actor.Tell(new TakeSnapshot(resync.Tag, Self));
        _servers[resync.Target].Actor.Tell(new TakeSnapshot(resync.Tag, Self));
    }

    private void OnSnapshotTaken(SnapshotTaken taken)
    {
        if (_resync is not { Step: ResyncOperation.Phase.Snapshots } resync || resync.Tag != taken.Tag) return;
        if (taken.State is null)
        {
            AbortResync(resync, $"snapshot of {taken.Server} failed: {taken.Error}", retry: true);
            return;
        }
        if (_servers.TryGetValue(taken.Server, out var entry)) entry.HasMixer = taken.State.Volume >= 0;
        if (taken.Server == resync.Primary) (resync.Cluster, resync.ClusterAt) = (taken.State, taken.StatusReceivedAt);
        else (resync.Room, resync.RoomAt) = (taken.State, taken.StatusReceivedAt);
        if (resync.Cluster is { } cluster && resync.Room is { } room) Compare(resync, cluster, room);
    }

    private void Compare(ResyncOperation resync, RoomState cluster, RoomState room)
    {
        if (resync.Round > ResyncOperation.MaxRounds)
        {
            AbortResync(resync, "the room did not converge", retry: true);
            return;
        }
        // The room's own share of the group volume (its trim), not the primary's.
        var settings = StateReconciler.Commands(cluster with { Volume = WantedVolume(resync.Target, cluster.Volume) }, room);
        if (settings.Count > 0)
        {
            resync.ChangedAnything = true;
            Apply(resync, ResyncOperation.Phase.ApplyingSettings, settings);
            return;
        }
        if (!IsEnabled(resync.Target))
        {
            // Out of the group's playback: the queue is in step, the room stays silent.
            if (room.State == "stop") FinishResync(resync);
            else
            {
                resync.ChangedAnything = true;
                Apply(resync, ResyncOperation.Phase.AligningPlayback, ["stop"]);
            }
            return;
        }
        var shift = ExpectedShift(resync.Primary, resync.ClusterAt, resync.Target, resync.RoomAt);
        resync.LastPositionError = StateReconciler.PositionError(cluster, room, shift) ?? resync.LastPositionError;
        // The same tolerance as the periodic check's, so what the check calls drift the resync does not call in step.
        if (StateReconciler.PlaybackMatches(cluster, room, shift, _options.DriftTolerance))
        {
            FinishResync(resync);
            return;
        }
        resync.ChangedAnything = true;
        AlignPlayback(resync, cluster, room);
    }

    private void AlignPlayback(ResyncOperation resync, RoomState cluster, RoomState room)
    {
        var position = cluster.SongPosition.ToString(CultureInfo.InvariantCulture);
        switch (cluster.State)
        {
            case "stop" when cluster.SongPosition >= 0 && room.SongPosition != cluster.SongPosition:
                // MPD cannot set the current song without playing it: start and stop in one batch (a few ms).
                Apply(resync, ResyncOperation.Phase.AligningPlayback, [$"play {position}", "stop"]);
                break;
            case "stop" when cluster.SongPosition < 0 && room.SongPosition >= 0 && room.SongPosition < room.Queue.Count:
                Apply(resync, ResyncOperation.Phase.AligningPlayback, StateReconciler.ForgetCurrentSong(room));
                break;
            case "stop":
                Apply(resync, ResyncOperation.Phase.AligningPlayback, ["stop"]);
                break;
            case "pause":
                Apply(resync, ResyncOperation.Phase.AligningPlayback,
                    [$"seek {position} {MpdValue.Seconds(cluster.ElapsedSeconds)}", "pause 1"]);
                break;
            case "play" when room.State == "pause":
                // A paused room would stay paused after the seek: stop it, so the timed seek starts it.
                Apply(resync, ResyncOperation.Phase.AligningPlayback, ["stop"]);
                break;
            default:
                SeekInStep(resync, cluster, position);
                break;
        }
    }

    /// <summary>
    /// One timed seek: sent to the room at now + guard, it takes effect one path delay later, at the
    /// position the primary's room will be heard at then (its reading, aged by the time since, with both
    /// rooms' output latencies).
    /// </summary>
    private void SeekInStep(ResyncOperation resync, RoomState cluster, string position)
    {
        var time = Clock;
        var sendAt = FiringClock.ToTimestamp(time, FiringClock.Now(time) + _options.TimedGuard);
        // From the primary's reading (produced one primary path before it arrived) to the seek taking effect
        // (one target path after it is sent).
        var sinceReadingMs = time.GetElapsedTime(resync.ClusterAt, sendAt).TotalMilliseconds
            + EstimateOf(resync.Primary).OneWayMs + EstimateOf(resync.Target).OneWayMs;
        var seconds = cluster.ElapsedSeconds
            + (sinceReadingMs + _servers[resync.Target].Endpoint.OffsetMs - _servers[resync.Primary].Endpoint.OffsetMs) / 1000
            + SeekLeadSeconds + SeekAheadSeconds;
        resync.Step = ResyncOperation.Phase.Seeking;
        resync.Seeked = true;
        var request = new MpdRequest("seek", [position, MpdValue.Seconds(Math.Max(0, seconds))]);
        _servers[resync.Target].Actor.Tell(new Execute(resync.Tag, request, CommandTable.Find("seek")!, SessionState.Default, Self,
            SendAt: sendAt));
    }

    private void Apply(ResyncOperation resync, ResyncOperation.Phase step, IReadOnlyList<string> lines)
    {
        resync.Step = step;
        _servers[resync.Target].Actor.Tell(new ApplyCommands(resync.Tag, lines, Self));
    }

    /// <summary>The room acknowledged a fix: compare again, from fresh readings.</summary>
    private void OnResyncExecuted(ResyncOperation resync, Executed executed)
    {
        if (executed.Server != resync.Target) return;
        if (!executed.Response.IsOk)
        {
            if (OnResyncMissingFile(resync, executed)) return; // a song the room lacks: copied, or the resync stops (ClusterActor.Library.cs)
            AbortResync(resync, $"replay failed: {executed.Response.Error}", retry: true);
            return;
        }
        TakeSnapshots(resync);
    }

    private void FinishResync(ResyncOperation resync)
    {
        Timers.Cancel("resync");
        _resync = null;
        var entry = _servers[resync.Target];
        var duration = Clock.GetUtcNow() - resync.QueuedAt;
        var errorMs = resync.LastPositionError is { } e ? e * 1000 : double.NaN;
        if (resync.Seeked && resync.LastPositionError is { } residual)
            _seekLeadSeconds = Math.Clamp(SeekLeadSeconds - 0.7 * (residual - SeekAheadSeconds), 0, 0.2);
        _resyncs.AddFirst(new ResyncRecord(resync.Target, Clock.GetUtcNow(), duration, errorMs, resync.ChangedAnything));
        if (_resyncs.Count > ResyncHistory) _resyncs.RemoveLast();
        Log.Info("Server {Server} is in sync ({How} in {Duration:0} ms, position error {Error:0.0} ms)", resync.Target,
            resync.ChangedAnything ? "replayed" : "already matching", duration.TotalMilliseconds, errorMs);
        SetState(entry, ServerState.InSync);
        // A room the resync moved to the group's position joins the rooms in step; one found already matching (the
        // rooms a proxy adopts as they play) is one of them.
        entry.Continuity.JoinedAtMs = resync.Seeked ? NowMs : null;
        // An enabled room back in step takes over from a disabled primary (every room of the group was off).
        if (_primary is { } primary && !IsEnabled(primary) && IsEnabled(resync.Target)) ElectPrimary();
        StartNextWrite();
    }

    private void AbortResync(ResyncOperation resync, string why, bool retry)
    {
        Timers.Cancel("resync");
        _resync = null;
        Log.Warning("Resync of {Server} stopped: {Why}", resync.Target, why);
        if (retry && _servers.TryGetValue(resync.Target, out var entry) && entry.State == ServerState.Syncing)
            Timers.StartSingleTimer("resync-retry-" + resync.Target, new RetryResync(resync.Target), ResyncRetryDelay);
        StartNextWrite();
    }

    private void OnResyncTimedOut(ResyncTimedOut timedOut)
    {
        if (_resync is { } resync && resync.Tag == timedOut.Tag) AbortResync(resync, "timed out", retry: true);
    }

    /// <summary>The room or the primary of a resync in progress went away.</summary>
    private void ForgetServerInResync(string server)
    {
        if (_resync is { } resync && (resync.Target == server || resync.Primary == server))
            AbortResync(resync, $"{server} was lost", retry: resync.Target != server);
    }
}

internal sealed record ResyncTimedOut(long Tag);

internal sealed record RetryResync(string Server);

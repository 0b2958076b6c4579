using System.Globalization;
using Akka.Actor;
using Akka.Event;
using Prosync.Actors.Protocol;
using Prosync.Actors.Proxy;
using Prosync.Actors.Scheduling;
using Prosync.Actors.Servers;

namespace Prosync.Actors.Cluster;

/// <summary>
/// What the dashboard and API show: rooms, latency, what plays, recent timed broadcasts with their
/// estimated skew; and the operations a person needs (add or remove a room, set its offset).
/// </summary>
public sealed partial class ClusterActor
{
    private const int BroadcastHistory = 50;
    private const long StatusReadTag = -1;
    private const long CurrentSongReadTag = -2;

    private readonly LinkedList<BroadcastLog> _broadcasts = new();
    private Dictionary<string, string> _playerStatus = [];
    private Dictionary<string, string> _currentSong = [];
    private DateTimeOffset _playerReadAt;

    private ClusterStatus Status()
    {
        var servers = _servers.Values.Select(s => new ServerStatus(
            s.Endpoint.Name, $"{s.Endpoint.Host}:{s.Endpoint.Port}", s.State, s.Endpoint.OffsetMs,
            s.Latency?.Estimate ?? Latency.LatencyEstimate.None, s.Latency?.LastRttMs ?? double.NaN, s.StateSince, ContinuityOf(s))
        {
            Group = _groupName, Enabled = IsEnabled(s.Endpoint.Name), Trim = TrimOf(s.Endpoint.Name), HasMixer = s.HasMixer,
            RepairBlockedReason = RepairBlockedReason(s.Endpoint.Name),
        }).ToList();
        var player = Player();
        return new ClusterStatus(servers, _primary, _broadcasts.Select(b => b.ToRecord()).ToList(), player, RecentResyncs)
        {
            Groups = [new GroupStatus(_groupName, servers.Select(s => s.Name).ToList(), _primary, player, CurrentGroupVolume())],
        };
    }

    /// <summary>
    /// Logs a timed broadcast as it is fired, so the rooms' change events (which can come back before the
    /// last reply) are matched to it; lateness is added when it completes.
    /// </summary>
    /// <param name="sendAt">Each send's deadline (timestamp), in the plan's order: earliest first.</param>
    private void LogTimedBroadcast(WriteOperation op, SendPlan plan, long[] sendAt)
    {
        var log = new BroadcastLog(Clock.GetUtcNow(), op.Request.Request.Command, op.HeldSoFar, op.Request.Info.Affects, sendAt[0]);
        for (var i = 0; i < sendAt.Length; i++)
        {
            var server = plan.Sends[i].Server;
            log.Planned[server] = sendAt[i];
            log.ExpectedDelayMs[server] = (EstimateOf(server).OneWayMs, _servers[server].Endpoint.OffsetMs);
        }
        op.Log = log;
        _broadcasts.AddFirst(log);
        if (_broadcasts.Count > BroadcastHistory) _broadcasts.RemoveLast();
    }

    /// <summary>
    /// A room's change event, back over its own link, dates when the command took effect there:
    /// arrival − one-way delay, plus the room's output latency for when it is heard.
    /// </summary>
    private void NoteEffect(ServerEvents events)
    {
        if (_broadcasts.First?.Value is not { } log || (events.Changed & log.Affects) == 0
            || !log.Planned.TryGetValue(events.Server, out var planned)
            || log.EffectAt.ContainsKey(events.Server) || events.ReceivedAt < planned) return;
        var (oneWay, offset) = log.ExpectedDelayMs[events.Server];
        if (Clock.GetElapsedTime(planned, events.ReceivedAt) > TimeSpan.FromSeconds(2)) return; // not this broadcast's effect
        // On one time line for all rooms: milliseconds since the earliest planned send.
        var arrivedMs = Clock.GetElapsedTime(log.FirstPlanned, events.ReceivedAt).TotalMilliseconds;
        log.EffectAt[events.Server] = arrivedMs - oneWay + offset;
    }

    private void RefreshPlayer()
    {
        if (_primary is null) return;
        var primary = _servers[_primary];
        primary.Actor.Tell(new Execute(StatusReadTag, new MpdRequest("status", []), CommandTable.Find("status")!, SessionState.Default, Self));
        primary.Actor.Tell(new Execute(CurrentSongReadTag, new MpdRequest("currentsong", []), CommandTable.Find("currentsong")!, SessionState.Default, Self));
    }

    private void OnInternalRead(Executed executed)
    {
        var pairs = executed.Response.Pairs.GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.First().Value);
        if (executed.Tag == StatusReadTag)
        {
            // The primary moved to another song (by a command, or by itself at a song's end: with random on
            // every room picks its own next song). Check the others once they have moved too.
            if (_playerStatus.GetValueOrDefault("song") is { } previous && pairs.GetValueOrDefault("song") != previous)
                ScheduleSongCheck();
            _playerStatus = pairs;
            _playerReadAt = Clock.GetUtcNow();
        }
        else _currentSong = pairs;
    }

    private PlayerStatus? Player()
    {
        if (_playerStatus.Count == 0) return null;
        var state = _playerStatus.GetValueOrDefault("state", "stop");
        var elapsed = MpdValue.Double(_playerStatus.GetValueOrDefault("elapsed"));
        if (state == "play") elapsed += (Clock.GetUtcNow() - _playerReadAt).TotalSeconds;
        return new PlayerStatus(state, _currentSong.GetValueOrDefault("file"), _currentSong.GetValueOrDefault("Artist"),
            _currentSong.GetValueOrDefault("Title"), elapsed, MpdValue.Double(_playerStatus.GetValueOrDefault("duration")),
            CurrentGroupVolume() ?? (int)MpdValue.Double(_playerStatus.GetValueOrDefault("volume")));
    }


    /// <summary>Adds of a room whose former actor (by its actor name) is still stopping: each runs once that actor is gone.</summary>
    private readonly Dictionary<string, (AddServer Add, IActorRef ReplyTo)> _addsAwaitingStop = [];

    /// <summary>A room's actor stops in milliseconds; an add waits this long for it (less than the house's ask of 4 s).</summary>
    private static readonly TimeSpan AddWaitLimit = TimeSpan.FromSeconds(3);

    private static string ServerActorName(string room) => "server-" + room;

    /// <summary>The parked add of <paramref name="room"/>, if any, is answered with a failure and forgotten.</summary>
    private bool DropParkedAdd(string room, string why)
    {
        if (!_addsAwaitingStop.Remove(ServerActorName(room), out var parked)) return false;
        Timers.Cancel("add-wait-" + room);
        parked.ReplyTo.Tell(new OperationResult(false, why));
        return true;
    }

    private void OnAddServer(AddServer add)
    {
        var endpoint = add.Endpoint;
        if (_servers.ContainsKey(endpoint.Name))
        {
            Sender.Tell(new OperationResult(false, $"a server named {endpoint.Name} exists already"));
            return;
        }
        if (Context.Child(ServerActorName(endpoint.Name)) is { } stopping && !stopping.IsNobody())
        {
            // Removed a moment ago and not yet stopped: its actor name is still taken (ActorOf would throw and restart
            // the cluster). The add waits for it to stop (a room moved away and back, an agent that came back at once).
            if (!_addsAwaitingStop.TryAdd(stopping.Path.Name, (add, Sender)))
            {
                Sender.Tell(new OperationResult(false, $"server {endpoint.Name} is being added already"));
                return;
            }
            Context.Watch(stopping);
            Timers.StartSingleTimer("add-wait-" + endpoint.Name, new AddWaitExpired(endpoint.Name), AddWaitLimit);
            return;
        }
        StartServer(endpoint);
        Log.Info("Server {Server} added at {Host}:{Port}", endpoint.Name, endpoint.Host, endpoint.Port);
        Sender.Tell(new OperationResult(true, $"server {endpoint.Name} added"));
    }

    private void OnRemoveServer(RemoveServer remove)
    {
        // Removed again before its add could run (moved away and back and away at once): the add is called off.
        if (DropParkedAdd(remove.Name, $"server {remove.Name} was removed before it could be added"))
        {
            Sender.Tell(new OperationResult(true, $"server {remove.Name} removed"));
            return;
        }
        if (!_servers.Remove(remove.Name, out var entry))
        {
            Sender.Tell(new OperationResult(false, $"no server named {remove.Name}"));
            return;
        }
        Context.Stop(entry.Actor);
        ForgetServer(remove.Name);
        Log.Info("Server {Server} removed", remove.Name);
        Sender.Tell(new OperationResult(true, $"server {remove.Name} removed"));
    }

    private void OnSetServerOffset(SetServerOffset offset)
    {
        if (!_servers.TryGetValue(offset.Name, out var entry))
        {
            Sender.Tell(new OperationResult(false, $"no server named {offset.Name}"));
            return;
        }
        entry.Endpoint = entry.Endpoint with { OffsetMs = offset.OffsetMs };
        Sender.Tell(new OperationResult(true, $"offset of {offset.Name} is {offset.OffsetMs} ms"));
    }

    internal sealed class BroadcastLog(DateTimeOffset at, string command, TimeSpan held, Subsystems affects, long firstPlanned)
    {
        public Subsystems Affects { get; } = affects;
        /// <summary>The earliest send's deadline: the origin of the effect time line.</summary>
        public long FirstPlanned { get; } = firstPlanned;
        public Dictionary<string, long> Planned { get; } = [];
        public Dictionary<string, double> Fired { get; } = [];
        public Dictionary<string, (double OneWayMs, double OffsetMs)> ExpectedDelayMs { get; } = [];
        public Dictionary<string, double> EffectAt { get; } = [];

        public BroadcastRecord ToRecord()
        {
            var plannedSpread = ExpectedDelayMs.Count == 0 ? 0
                : ExpectedDelayMs.Values.Max(d => d.OneWayMs + d.OffsetMs) - ExpectedDelayMs.Values.Min(d => d.OneWayMs + d.OffsetMs);
            var firing = Fired.Count == 0 ? 0 : Fired.Values.Max() - Fired.Values.Min();
            var skew = EffectAt.Count == Planned.Count && EffectAt.Count > 0
                ? EffectAt.Values.Max() - EffectAt.Values.Min() : double.NaN;
            return new BroadcastRecord(at, command, Planned.Keys.ToList(), plannedSpread, firing, held.TotalMilliseconds, skew);
        }
    }
}

internal sealed record AddWaitExpired(string Room);

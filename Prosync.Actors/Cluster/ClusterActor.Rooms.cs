using System.Globalization;
using Akka.Actor;
using Prosync.Actors.Protocol;
using Prosync.Actors.Rooms;
using Prosync.Actors.Servers;

namespace Prosync.Actors.Cluster;

/// <summary>
/// The cluster as one group of the house (an MPD partition): rooms can be taken out of playback (disabled: stopped,
/// queue still in step) and each plays the group volume times its own trim. <c>status</c> and <c>getvol</c> show the
/// group's volume and name, not the primary room's.
/// </summary>
public sealed partial class ClusterActor
{
    private readonly Dictionary<string, (bool Enabled, double Trim)> _rooms = new(StringComparer.Ordinal);
    /// <summary>Reads whose answer is rewritten before it reaches the client: tag → (client's id, client).</summary>
    private readonly Dictionary<long, (long Id, IActorRef Session)> _groupReads = [];
    /// <summary>Client requests that came while no room could answer yet but one was on its way (a room just moved in).</summary>
    private readonly List<(ClientRequest Request, IActorRef Sender)> _held = [];
    private string _groupName = HouseLayout.DefaultGroup;
    private int? _groupVolume;

    private bool IsEnabled(string room) => !_rooms.TryGetValue(room, out var settings) || settings.Enabled;

    private double TrimOf(string room) => _rooms.TryGetValue(room, out var settings) ? settings.Trim : 1;

    private void OnConfigureGroup(ConfigureGroup configure)
    {
        _groupName = configure.Name;
        _groupVolume = configure.Volume;
    }

    private void OnConfigureRoom(ConfigureRoom configure)
    {
        var changed = !_rooms.TryGetValue(configure.Name, out var previous) || previous != (configure.Enabled, configure.Trim);
        _rooms[configure.Name] = (configure.Enabled, configure.Trim);
        if (!changed || !_servers.TryGetValue(configure.Name, out var entry)) return;
        if (previous.Enabled && !configure.Enabled && configure.Name == _primary)
        {
            // The primary holds the group's state: another playing room takes over, or, with none left, the group pauses.
            if (InSync.Any(s => s.Endpoint.Name != _primary && IsEnabled(s.Endpoint.Name))) ElectPrimary();
            else if (_playerStatus.GetValueOrDefault("state") == "play") PauseGroup();
        }
        if (configure.Name == _primary && previous.Trim != configure.Trim && CurrentGroupVolume() is { } volume)
        {
            // The primary is never resynced: the group volume is set again, each room taking its own share.
            Write("setvol", volume.ToString(CultureInfo.InvariantCulture));
            return;
        }
        if (entry.State != ServerState.InSync || configure.Name == _primary) return;
        // Stopping a disabled room, joining an enabled one in step and applying a trim are each a resync.
        SetState(entry, ServerState.Syncing);
        EnqueueResync(configure.Name);
    }

    /// <summary>With no room left playing, the group pauses, as a client's <c>pause 1</c> would.</summary>
    private void PauseGroup() => Write("pause", "1");

    /// <summary>A write of the cluster's own, in the one order, as a client's would run; nobody waits for its answer.</summary>
    private void Write(string command, params string[] args)
    {
        var request = new ClientRequest(0, new MpdRequest(command, args), CommandTable.Find(command)!, SessionState.Default);
        _writes.AddLast(new WriteOperation(++_nextTag, request, ActorRefs.Nobody));
        StartNextWrite();
    }

    private void OnJoinSession(JoinSession join)
    {
        _sessions.Add(join.Session);
        Context.Watch(join.Session);
    }

    private void OnLeaveSession(LeaveSession leave)
    {
        _sessions.Remove(leave.Session);
        _readFrom.Remove(leave.Session);
        // Channels are per partition in MPD 0.23: its subscriptions here end with it.
        ForgetSubscriber(leave.Session);
        Context.Unwatch(leave.Session);
    }

    /// <summary>
    /// With no primary yet but a room syncing, or connecting for the first time (moved into this group a moment ago, or
    /// a proxy just started), a request waits for it, up to <see cref="HoldLimit"/>, rather than failing at once. True when held.
    /// </summary>
    private bool HoldForPrimary(ClientRequest request)
    {
        if (_primary is not null || !_servers.Values.Any(s => s.State == ServerState.Syncing || (s.State == ServerState.Connecting && s.Arriving)))
            return false;
        _held.Add((request, Sender));
        if (!Timers.IsTimerActive("held")) Timers.StartSingleTimer("held", HeldRequestsExpired.Instance, HoldLimit);
        return true;
    }

    private static readonly TimeSpan HoldLimit = TimeSpan.FromSeconds(3);

    /// <summary>A primary was elected (route what waited for it), or none came in time (they fail as they would have).</summary>
    private void ReleaseHeld()
    {
        Timers.Cancel("held");
        var held = _held.ToList();
        _held.Clear();
        foreach (var (request, sender) in held)
        {
            if (_primary is null) sender.Tell(NoServer(request));
            else Self.Tell(request, sender);
        }
    }

    /// <summary>Volume commands act on the group volume; status and getvol answers show it. True when handled here.</summary>
    private bool RouteGroupCommand(ClientRequest request)
    {
        switch (request.Request.Command)
        {
            case "volume" when int.TryParse(request.Request.Args[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var delta)
                               && CurrentGroupVolume() is { } current:
                // MPD's relative change, on the group volume: every room then gets its own share.
                var volume = Math.Clamp(current + delta, 0, 100).ToString(CultureInfo.InvariantCulture);
                Route(request with { Request = new MpdRequest("setvol", [volume]), Info = CommandTable.Find("setvol")! });
                return true;
            case "setvol" when RoomVolume.SetvolArgument(request.Request) is { } value:
                _groupVolume = value;
                _house?.Tell(new GroupVolumeChanged(_groupName, value));
                return false; // broadcast as usual; each room's argument is scaled by its trim when sent
            case "status" or "getvol" when _primary is { } primary:
                var tag = ++_nextTag;
                _groupReads[tag] = (request.Id, Sender);
                _servers[primary].Actor.Tell(new Execute(tag, request.Request, request.Info, request.Session, Self));
                return true;
            default:
                return false;
        }
    }

    /// <summary>The group volume: as set by a client, else the primary's volume undone of its trim.</summary>
    private int? CurrentGroupVolume()
    {
        if (_groupVolume is { } volume) return volume;
        var primaryVolume = MpdValue.Int(_playerStatus.GetValueOrDefault("volume"), -1);
        if (primaryVolume < 0 || _primary is null || TrimOf(_primary) <= 0) return null;
        return Math.Clamp((int)Math.Round(primaryVolume / TrimOf(_primary)), 0, 100);
    }

    /// <summary>The primary's status or getvol, with the group's volume and name.</summary>
    private void OnGroupRead(Executed executed)
    {
        var (id, session) = _groupReads[executed.Tag];
        _groupReads.Remove(executed.Tag);
        var response = executed.Response;
        if (response.IsOk)
        {
            var volume = CurrentGroupVolume();
            var lines = new List<string>();
            var hasPartition = false;
            foreach (var line in response.Lines)
            {
                if (line.StartsWith("volume: ", StringComparison.Ordinal) && volume is { } v && line != "volume: -1")
                    lines.Add("volume: " + v.ToString(CultureInfo.InvariantCulture));
                else if (line.StartsWith("partition: ", StringComparison.Ordinal))
                {
                    lines.Add("partition: " + _groupName);
                    hasPartition = true;
                }
                else lines.Add(line);
            }
            if (!hasPartition && executed.Server.Length > 0 && response.Get("state") is not null)
            {
                var at = lines.FindIndex(l => l.StartsWith("playlist: ", StringComparison.Ordinal));
                lines.Insert(at < 0 ? lines.Count : at, "partition: " + _groupName);
            }
            response = new MpdResponse(lines);
        }
        session.Tell(executed with { Tag = id, Response = response });
    }

    /// <summary>
    /// The command as this room gets it: <c>setvol</c> scaled by the room's trim (one MPD refuses stays as it is).
    /// <paramref name="setvol"/> is <see cref="RoomVolume.SetvolArgument"/>, parsed once per command, not once per room.
    /// </summary>
    private MpdRequest ForRoom(string room, MpdRequest request, int? setvol) =>
        setvol is { } volume ? new MpdRequest("setvol", [RoomVolume.For(volume, TrimOf(room)).ToString(CultureInfo.InvariantCulture)]) : request;

    /// <summary>
    /// Rooms a write goes to: every in-sync room, but what is heard (player commands) skips disabled rooms, and volume
    /// skips rooms with no mixer. The primary always gets it: it holds the group's state, even when no room plays.
    /// </summary>
    private List<string> TargetsFor(CommandInfo info) =>
        InSync.Where(s => (info.Affects & Subsystems.Player) == 0 || IsEnabled(s.Endpoint.Name) || s.Endpoint.Name == _primary)
            .Where(s => (info.Affects & Subsystems.Mixer) == 0 || s.HasMixer != false || s.Endpoint.Name == _primary)
            .Select(s => s.Endpoint.Name).ToList();

    /// <summary>The volume this room should have, from the group volume (or the primary's, before any is known).</summary>
    private int WantedVolume(string room, int primaryVolume) =>
        primaryVolume < 0 ? primaryVolume : CurrentGroupVolume() is { } group ? RoomVolume.For(group, TrimOf(room)) : primaryVolume;
}

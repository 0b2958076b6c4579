using System.Globalization;
using Akka.Actor;
using Prosync.Actors.Cluster;
using Prosync.Actors.Protocol;
using Prosync.Actors.Servers;

namespace Prosync.Actors.Rooms;

/// <summary>
/// MPD's output and partition commands, on rooms and groups: <c>outputs</c> lists the rooms (those of other groups as
/// MPD lists an output moved to another partition: plugin <c>dummy</c>, disabled); enable/disable/toggle take a room
/// of the session's group in or out of playback; partition, newpartition, delpartition, listpartitions and moveoutput
/// act on groups. Error texts are mpd 0.23's.
/// </summary>
public sealed partial class HouseActor
{
    private void OnClientRequest(ClientRequest request)
    {
        var group = _sessions.GetValueOrDefault(Sender, HouseLayout.DefaultGroup);
        var args = request.Request.Args;
        var command = request.Request.Command;
        MpdResponse? answer = command switch
        {
            "outputs" => Outputs(group),
            "enableoutput" => SwitchOutput(command, args[0], group, _ => true),
            "disableoutput" => SwitchOutput(command, args[0], group, _ => false),
            "toggleoutput" => SwitchOutput(command, args[0], group, enabled => !enabled),
            "outputset" => OutputSet(command, args[0], group),
            "listpartitions" => new MpdResponse(_layout.Groups.Select(g => "partition: " + g).ToList()),
            "partition" => SwitchPartition(args[0]),
            "newpartition" => Answer(command, OnCreateGroup(args[0])),
            "delpartition" => Answer(command, OnDeleteGroup(args[0])),
            "moveoutput" => MoveOutput(args[0], group),
            _ => null,
        };
        if (answer is not null)
        {
            Sender.Tell(new Executed(request.Id, "", answer));
            return;
        }
        if (_layout.HasRooms(group))
        {
            _groups[group].Forward(request);
            return;
        }
        // A group with no room has no server to hold a queue: it answers as an MPD partition with no output and an
        // empty queue would, reads of the shared database go to a group that has rooms, and changes are refused.
        if (request.Info.Route == CommandRoute.Read && !request.Info.FromPrimary
            && _layout.Groups.FirstOrDefault(g => _layout.HasRooms(g)) is { } withRooms)
        {
            _groups[withRooms].Forward(request);
            return;
        }
        Sender.Tell(new Executed(request.Id, "", EmptyGroupAnswer(request, group)));
    }

    private MpdResponse EmptyGroupAnswer(ClientRequest request, string group)
    {
        var command = request.Request.Command;
        if (command == "status")
        {
            var lines = new List<string>();
            if (_layout.GroupVolume(group) is { } volume) lines.Add("volume: " + volume.ToString(CultureInfo.InvariantCulture));
            lines.AddRange(["repeat: 0", "random: 0", "single: 0", "consume: 0", "partition: " + group, "playlist: 1",
                "playlistlength: 0", "mixrampdb: 0", "state: stop"]);
            return new MpdResponse(lines);
        }
        if (RoomVolume.SetvolArgument(request.Request) is { } value)
        {
            if (_layout.SetGroupVolume(group, value) == LayoutOutcome.Done) Save();
            return MpdResponse.Ok;
        }
        // MPD plays nothing, without an error, in a partition with no output.
        if (request.Info.Route == CommandRoute.Read || (request.Info.Route == CommandRoute.BroadcastTimed && (request.Info.Affects & Subsystems.Player) != 0
                && command is "play" or "stop" or "pause"))
            return MpdResponse.Ok;
        return Fail(command, AckCode.NoExist, $"partition {group} has no output: move a room into it first (moveoutput)");
    }

    private MpdResponse Outputs(string group)
    {
        var lines = new List<string>();
        foreach (var (name, placement) in _layout.Rooms)
        {
            var here = placement.Group == group;
            lines.Add("outputid: " + placement.OutputId.ToString(CultureInfo.InvariantCulture));
            lines.Add("outputname: " + name);
            lines.Add("plugin: " + (here ? "prosync" : "dummy"));
            lines.Add("outputenabled: " + (here && placement.Enabled ? "1" : "0"));
        }
        return new MpdResponse(lines);
    }

    /// <summary>The room with this output id, or MPD's error; <paramref name="here"/>: it is in the session's group.</summary>
    private string? RoomOfArgument(string command, string argument, string group, out bool here, out MpdResponse? error)
    {
        error = null;
        here = false;
        if (!OutputArgument.TryParse(command, argument, out var id, out var parseError))
        {
            error = MpdResponse.Fail(parseError!);
            return null;
        }
        if (_layout.RoomWithId(id) is { } room)
        {
            here = _layout.Room(room)!.Group == group;
            return room;
        }
        error = Fail(command, AckCode.NoExist, "No such audio output");
        return null;
    }

    /// <summary>
    /// MPD accepts switching the dummy a moved output leaves behind, to no effect: a room of another group is that
    /// group's to switch, so it is accepted and left alone.
    /// </summary>
    private MpdResponse SwitchOutput(string command, string argument, string group, Func<bool, bool> wanted)
    {
        if (RoomOfArgument(command, argument, group, out var here, out var error) is not { } room) return error!;
        if (here) OnSetEnabled(room, wanted(_layout.Room(room)!.Enabled));
        return MpdResponse.Ok;
    }

    /// <summary>A room has no output attributes to set; mpd 0.23's answers for a null output and for a dummy.</summary>
    private MpdResponse OutputSet(string command, string argument, string group)
    {
        if (RoomOfArgument(command, argument, group, out var here, out var error) is null) return error!;
        return here ? Fail(command, AckCode.Arg, "Unsupported attribute") : Fail(command, AckCode.Unknown, "Cannot set attribute on dummy output");
    }

    private MpdResponse SwitchPartition(string name)
    {
        if (!_groups.TryGetValue(name, out var next)) return Fail("partition", AckCode.NoExist, "partition does not exist");
        var session = Sender;
        if (_sessions.TryGetValue(session, out var current) && current != name)
        {
            _groups[current].Tell(new LeaveSession(session));
            next.Tell(new JoinSession(session));
            _sessions[session] = name;
        }
        return MpdResponse.Ok;
    }

    private MpdResponse MoveOutput(string room, string group)
    {
        if (!_layout.HasRoom(room)) return Fail("moveoutput", AckCode.NoExist, "No such output");
        OnMoveRoom(room, group);
        return MpdResponse.Ok;
    }

    private LayoutOutcome OnCreateGroup(string name)
    {
        var outcome = _layout.AddGroup(name);
        if (outcome != LayoutOutcome.Done) return outcome;
        StartGroup(name);
        Save();
        Publish(Subsystems.Partition);
        return outcome;
    }

    private LayoutOutcome OnDeleteGroup(string name)
    {
        // MPD checks for clients first.
        if (name != HouseLayout.DefaultGroup && _sessions.ContainsValue(name) && _layout.HasGroup(name)) return LayoutOutcome.GroupHasClients;
        var outcome = _layout.RemoveGroup(name);
        if (outcome != LayoutOutcome.Done) return outcome;
        Context.Stop(_groups[name]);
        _groups.Remove(name);
        Save();
        Publish(Subsystems.Partition);
        return outcome;
    }

    private OperationResult OnMoveRoom(string room, string group)
    {
        var from = _layout.Room(room)?.Group;
        var outcome = _layout.MoveRoom(room, group);
        if (outcome == LayoutOutcome.Done)
        {
            // The room leaves its group (its connection there closes) and joins the other one through its rejoin:
            // queue, options and volume replayed, then a seek in step with that group.
            _groups[from!].Tell(new RemoveServer(room));
            _groups[group].Tell(new AddServer(_endpoints[room]));
            Configure(_groups[group], room);
            Save();
            Publish(Subsystems.Output);
        }
        return Describe(outcome, room, group);
    }

    private OperationResult OnSetEnabled(string room, bool enabled)
    {
        var outcome = _layout.SetEnabled(room, enabled);
        if (outcome == LayoutOutcome.Done)
        {
            Configure(GroupOf(room), room);
            Save();
            Publish(Subsystems.Output);
        }
        return Describe(outcome, room);
    }

    private OperationResult OnSetTrim(string room, double trim)
    {
        var outcome = _layout.SetTrim(room, trim);
        if (outcome == LayoutOutcome.Done)
        {
            Configure(GroupOf(room), room);
            Save();
        }
        return Describe(outcome, room);
    }

    /// <summary>The protocol's answer to a group change: mpd 0.23's codes and texts.</summary>
    private static MpdResponse Answer(string command, LayoutOutcome outcome) => outcome switch
    {
        LayoutOutcome.Done or LayoutOutcome.Unchanged => MpdResponse.Ok,
        LayoutOutcome.BadGroupName => Fail(command, AckCode.Arg, "bad name"),
        LayoutOutcome.GroupExists => Fail(command, AckCode.Exist, "name already exists"),
        LayoutOutcome.NoSuchGroup => Fail(command, AckCode.NoExist, "no such partition"),
        LayoutOutcome.DefaultGroup => Fail(command, AckCode.Unknown, "cannot delete the default partition"),
        LayoutOutcome.GroupHasRooms => Fail(command, AckCode.Unknown, "partition still has outputs"),
        LayoutOutcome.GroupHasClients => Fail(command, AckCode.Unknown, "partition still has clients"),
        _ => Fail(command, AckCode.Arg, outcome.ToString()),
    };

    /// <summary>The API's answer to a layout change.</summary>
    private static OperationResult Describe(LayoutOutcome outcome, string subject, string? group = null) => outcome switch
    {
        LayoutOutcome.Done or LayoutOutcome.Unchanged => new OperationResult(true, group is null ? $"{subject}: done" : $"{subject} is in group {group}"),
        LayoutOutcome.NoSuchRoom => new OperationResult(false, $"no server named {subject}"),
        LayoutOutcome.NoSuchGroup => new OperationResult(false, $"no group named {group ?? subject}"),
        LayoutOutcome.GroupExists => new OperationResult(false, $"a group named {subject} exists already"),
        LayoutOutcome.BadGroupName => new OperationResult(false, $"'{subject}' is not a group name: letters, digits, _ and - only"),
        LayoutOutcome.GroupHasRooms => new OperationResult(false, $"group {subject} still has rooms: move them out first"),
        LayoutOutcome.DefaultGroup => new OperationResult(false, "the default group cannot be deleted"),
        LayoutOutcome.GroupHasClients => new OperationResult(false, $"clients are in group {subject} (MPD partition): they must leave it first"),
        LayoutOutcome.BadTrim => new OperationResult(false, "a trim is a factor from 0 (muted) to 1"),
        _ => new OperationResult(false, outcome.ToString()),
    };

    private static MpdResponse Fail(string command, AckCode code, string message) =>
        MpdResponse.Fail(new MpdError(code, 0, command, message));
}

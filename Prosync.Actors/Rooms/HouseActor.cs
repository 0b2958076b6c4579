using Akka.Actor;
using Akka.Event;
using Prosync.Actors.Cluster;
using Prosync.Actors.Protocol;
using Prosync.Actors.Proxy;

namespace Prosync.Actors.Rooms;

/// <summary>
/// The house: rooms in groups, each group a <see cref="ClusterActor"/> of its own (its queue, player, primary, idle
/// events, continuity), as MPD partitions with rooms as their outputs. It answers what the single cluster answered
/// (<see cref="AddServer"/>, <see cref="RemoveServer"/>, <see cref="SetServerOffset"/>, <see cref="ResyncServer"/>,
/// <see cref="GetClusterStatus"/>, <see cref="RegisterSession"/>, <see cref="ClientRequest"/>), routing each to the right
/// group; it answers the output and partition commands itself, and keeps the layout in its state file.
/// </summary>
public sealed partial class HouseActor : UntypedActor
{
    private static readonly TimeSpan StatusTimeout = TimeSpan.FromSeconds(4);

    private readonly ClusterOptions _options;
    private readonly HouseLayout _layout;
    private readonly HouseLayoutStore? _store;
    private readonly Dictionary<string, ServerEndpoint> _endpoints = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IActorRef> _groups = new(StringComparer.Ordinal);
    /// <summary>Each client session's current group (partition).</summary>
    private readonly Dictionary<IActorRef, string> _sessions = [];
    private Task _saving = Task.CompletedTask;
    private int _groupIncarnation;

    /// <param name="layout">Already reconciled with <paramref name="endpoints"/> (every endpoint has a place).</param>
    public HouseActor(IReadOnlyList<ServerEndpoint> endpoints, ClusterOptions options, HouseLayout layout, HouseLayoutStore? store)
    {
        _options = options;
        _layout = layout;
        _store = store;
        foreach (var endpoint in endpoints) _endpoints[endpoint.Name] = endpoint;
    }

    public static Props Props(IReadOnlyList<ServerEndpoint> endpoints, ClusterOptions options, HouseLayout layout, HouseLayoutStore? store) =>
        Akka.Actor.Props.Create(() => new HouseActor(endpoints, options, layout, store));

    private ILoggingAdapter Log { get; } = Context.GetLogger();

    protected override void PreStart()
    {
        foreach (var group in _layout.Groups) StartGroup(group);
    }

    /// <summary>The last layout change is on disk before the proxy stops (a write takes a millisecond or two).</summary>
    protected override void PostStop()
    {
        if (!_saving.Wait(TimeSpan.FromSeconds(2))) Log.Warning("The rooms' layout may not be saved in {Path}", _store?.Path);
    }

    /// <summary>A group's cluster with its rooms (each told its enabled flag and trim before anything else happens).</summary>
    private void StartGroup(string group)
    {
        var endpoints = _layout.RoomsIn(group).Where(_endpoints.ContainsKey).Select(n => _endpoints[n]).ToList();
        // A new incarnation per start: a deleted group's actor may still be stopping when the name is reused.
        var actor = Context.ActorOf(ClusterActor.Props(endpoints, _options, Self), $"group-{group}-{++_groupIncarnation}");
        actor.Tell(new ConfigureGroup(group, _layout.GroupVolume(group)));
        foreach (var room in _layout.RoomsIn(group)) Configure(actor, room);
        _groups[group] = actor;
    }

    private void OnGroupRestarted(IActorRef actor)
    {
        if (_groups.FirstOrDefault(g => g.Value.Equals(actor)).Key is not { } group) return;
        Log.Warning("Group {Group} restarted: telling it its settings and sessions again", group);
        actor.Tell(new ConfigureGroup(group, _layout.GroupVolume(group)));
        foreach (var room in _layout.RoomsIn(group)) Configure(actor, room);
        foreach (var session in _sessions.Where(s => s.Value == group).Select(s => s.Key)) actor.Tell(new JoinSession(session));
    }

    private void Configure(IActorRef group, string room)
    {
        if (_layout.Room(room) is { } placement) group.Tell(new ConfigureRoom(room, placement.Enabled, placement.Trim));
    }

    private IActorRef GroupOf(string room) => _groups[_layout.Room(room)!.Group];

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case ClientRequest request: OnClientRequest(request); break;
            case RegisterSession register:
                _sessions[register.Session] = HouseLayout.DefaultGroup;
                Context.Watch(register.Session);
                _groups[HouseLayout.DefaultGroup].Forward(register);
                break;
            case Terminated terminated: _sessions.Remove(terminated.ActorRef); break;
            case GetClusterStatus: OnGetStatus(); break;
            case StatusesGathered gathered:
                gathered.ReplyTo.Tell(HouseStatus.Merge(gathered.Groups, gathered.Statuses, _layout));
                break;
            case AddServer add: OnAddServer(add); break;
            case RoomAddAnswered answered: OnRoomAddAnswered(answered); break;
            case RemoveServer remove: OnRemoveServer(remove); break;
            case SetServerOffset offset: OnSetServerOffset(offset); break;
            case ResyncServer resync when _layout.HasRoom(resync.Name): GroupOf(resync.Name).Forward(resync); break;
            case ResyncServer resync: Sender.Tell(new OperationResult(false, $"no server named {resync.Name}")); break;
            case SetRoomTrim trim: Sender.Tell(OnSetTrim(trim.Name, trim.Trim)); break;
            case SetRoomEnabled enabled: Sender.Tell(OnSetEnabled(enabled.Name, enabled.Enabled)); break;
            case SetRoomGroup move: Sender.Tell(OnMoveRoom(move.Name, move.Group)); break;
            case CreateGroup create: Sender.Tell(Describe(OnCreateGroup(create.Name), create.Name)); break;
            case DeleteGroup delete: Sender.Tell(Describe(OnDeleteGroup(delete.Name), delete.Name)); break;
            case GroupRestarted restarted: OnGroupRestarted(restarted.Group); break;
            case GroupVolumeChanged volume:
                if (_layout.SetGroupVolume(volume.Group, volume.Volume) == LayoutOutcome.Done) Save();
                break;
            case StatusFailed failed: failed.ReplyTo.Tell(new Status.Failure(failed.Reason)); break;
            case LayoutSaved { Error: { } error }: Log.Error("Could not keep the rooms' layout in {Path}: {Error}", _store?.Path, error); break;
            case LayoutSaved: break;
            case OperationResult: break; // a group's answer to what the house told it
            case GetLibrary or UploadFile or SyncRoomLibrary or GetUploads or IHouseLibraryMessage: OnLibraryMessage(message); break;
            default: Unhandled(message); break;
        }
    }

    private void OnGetStatus()
    {
        var replyTo = Sender;
        var groups = _layout.Groups.ToList();
        Task.WhenAll(groups.Select(g => _groups[g].Ask<ClusterStatus>(GetClusterStatus.Instance, StatusTimeout)))
            .PipeTo(Self, success: statuses => new StatusesGathered(replyTo, groups, statuses),
                failure: e => new StatusFailed(replyTo, e));
    }

    private void OnAddServer(AddServer add)
    {
        var endpoint = add.Endpoint;
        if (_endpoints.ContainsKey(endpoint.Name))
        {
            Sender.Tell(new OperationResult(false, $"a server named {endpoint.Name} exists already"));
            return;
        }
        _endpoints[endpoint.Name] = endpoint;
        _layout.AddRoom(endpoint.Name, trim: RoomVolume.TrimOrFull(endpoint.Trim));
        var group = GroupOf(endpoint.Name);
        // Should the group refuse, the house forgets the room again, so the caller's retry is not told that it exists.
        var replyTo = Sender;
        group.Ask<OperationResult>(add, StatusTimeout).PipeTo(Self,
            success: result => new RoomAddAnswered(endpoint, result, replyTo),
            failure: e => new RoomAddAnswered(endpoint, new OperationResult(false, e.Message), replyTo));
        Configure(group, endpoint.Name);
        Save();
        Publish(Subsystems.Output);
    }

    private void OnRoomAddAnswered(RoomAddAnswered answered)
    {
        var name = answered.Endpoint.Name;
        if (!answered.Result.Succeeded && _endpoints.TryGetValue(name, out var endpoint) && ReferenceEquals(endpoint, answered.Endpoint))
        {
            _endpoints.Remove(name);
            _layout.RemoveRoom(name);
            Save();
            Publish(Subsystems.Output);
        }
        answered.ReplyTo.Tell(answered.Result);
    }

    private void OnRemoveServer(RemoveServer remove)
    {
        if (!_endpoints.Remove(remove.Name))
        {
            Sender.Tell(new OperationResult(false, $"no server named {remove.Name}"));
            return;
        }
        GroupOf(remove.Name).Forward(remove);
        ForgetPendingUploads(remove.Name);
        _layout.RemoveRoom(remove.Name);
        Save();
        Publish(Subsystems.Output);
    }

    private void OnSetServerOffset(SetServerOffset offset)
    {
        if (!_endpoints.TryGetValue(offset.Name, out var endpoint))
        {
            Sender.Tell(new OperationResult(false, $"no server named {offset.Name}"));
            return;
        }
        // Kept here too: a room moved to another group takes its offset along.
        _endpoints[offset.Name] = endpoint with { OffsetMs = offset.OffsetMs };
        GroupOf(offset.Name).Forward(offset);
    }

    /// <summary>Writes the layout off the actor's thread, one write after another, newest last.</summary>
    private void Save()
    {
        if (_store is not { } store) return;
        var json = HouseLayoutStore.Serialize(_layout);
        var self = Self;
        _saving = _saving.ContinueWith(_ =>
        {
            try
            {
                store.Write(json);
                self.Tell(LayoutSaved.Ok);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                self.Tell(new LayoutSaved(e.Message));
            }
        }, TaskScheduler.Default);
    }

    /// <summary>An idle event every session hears, whatever its group: outputs and partitions are the house's.</summary>
    private void Publish(Subsystems changed)
    {
        var message = new SubsystemsChanged(changed);
        foreach (var session in _sessions.Keys) session.Tell(message);
    }
}

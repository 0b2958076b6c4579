using Akka.Actor;
using Akka.Event;
using Prosync.Actors.Protocol;
using Prosync.Actors.Proxy;
using Prosync.Actors.Servers;

namespace Prosync.Actors.Cluster;

/// <summary>
/// The cluster of rooms as one MPD: routes each client command (reads to one replica, state changes
/// to every in-sync server in one global order, song ids translated), gathers the replies, answers
/// from the primary, and merges idle events. Runs one <see cref="ServerActor"/> per server, each under a
/// backoff supervisor (<see cref="ServerBackoff"/>, from akka.hocon).
/// </summary>
public sealed partial class ClusterActor : UntypedActor, IWithTimers
{
    private static readonly MpdVersion FallbackVersion = new(0, 23, 5);

    private readonly IReadOnlyList<ServerEndpoint> _endpoints;
    private readonly ClusterOptions _options;
    private readonly IActorRef? _house;
    private readonly Dictionary<string, ServerEntry> _servers = [];
    private readonly HashSet<IActorRef> _sessions = [];
    /// <summary>State changes and resyncs, in the one order every server sees them.</summary>
    private readonly LinkedList<object> _writes = new();
    private WriteOperation? _inFlight;
    private ServerBackoff _backoff = null!;
    private string? _primary;
    private long _nextTag;

    /// <param name="house">The house this cluster is a group of (Rooms/HouseActor), told of group volume changes and
    /// restarts; null when the cluster runs alone.</param>
    public ClusterActor(IReadOnlyList<ServerEndpoint> endpoints, ClusterOptions options, IActorRef? house = null)
    {
        _endpoints = endpoints;
        _options = options;
        _house = house;
    }

    public static Props Props(IReadOnlyList<ServerEndpoint> endpoints, ClusterOptions options) =>
        Akka.Actor.Props.Create(() => new ClusterActor(endpoints, options, null));

    /// <summary>The cluster as one group of <paramref name="house"/>.</summary>
    public static Props Props(IReadOnlyList<ServerEndpoint> endpoints, ClusterOptions options, IActorRef house) =>
        Akka.Actor.Props.Create(() => new ClusterActor(endpoints, options, house));

    public ITimerScheduler Timers { get; set; } = null!;

    private ILoggingAdapter Log { get; } = Context.GetLogger();

    private TimeProvider Clock => _options.Server.Clock;

    protected override void PreStart()
    {
        _backoff = ServerBackoff.FromConfig(Context.System.Settings.Config);
        // A request that reached a room between two incarnations is answered as not connected, as a
        // connected room answers one it cannot run, so no client waits for a reply that never comes.
        Context.System.EventStream.Subscribe(Self, typeof(DeadLetter));
        Timers.StartSingleTimer("startup", StartupGraceEnded.Instance, StartupGrace);
        if (_options.CheckInterval > TimeSpan.Zero) Timers.StartPeriodicTimer("check", CheckTick.Periodic, _options.CheckInterval);
        if (_options.Continuity.Enabled) Timers.StartPeriodicTimer("continuity", ContinuityTick.Instance, _options.Continuity.Interval);
        foreach (var endpoint in _endpoints) StartServer(endpoint);
    }

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);

    /// <summary>Adds waiting for a stop are answered: the restarted group starts without them.</summary>
    protected override void PreRestart(Exception reason, object message)
    {
        foreach (var parked in _addsAwaitingStop.Values) parked.ReplyTo.Tell(new OperationResult(false, "the group restarted; try again"));
        base.PreRestart(reason, message);
    }

    /// <summary>A restart forgets the group's settings and sessions: the house tells them again.</summary>
    protected override void PostRestart(Exception reason)
    {
        base.PostRestart(reason);
        _house?.Tell(new GroupRestarted(Self));
    }

    /// <summary>Runs the room's actor under its backoff supervisor: rooms that are lost come back, forever.</summary>
    private void StartServer(ServerEndpoint endpoint)
    {
        var actor = Context.ActorOf(_backoff.Supervise(ServerActor.Props(endpoint, Self, _options.Server), "server"), ServerActorName(endpoint.Name));
        _servers[endpoint.Name] = new ServerEntry(endpoint, actor, Clock.GetUtcNow(), _options.Continuity);
    }

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case ClientRequest request: Route(request); break;
            case Executed executed when _races.ContainsKey(executed.Tag): OnRaceAnswer(executed); break;
            case Executed executed when _groupReads.ContainsKey(executed.Tag): OnGroupRead(executed); break;
            case Executed executed: OnExecuted(executed); break;
            case SongIdsResolved resolved: OnSongIdsResolved(resolved); break;
            case QueueFiles files: OnPrimaryOrder(files); break;
            case WriteTimedOut timedOut: OnWriteTimedOut(timedOut); break;
            case ServerStateChanged changed: OnServerStateChanged(changed); break;
            case ServerEvents events: OnServerEvents(events); break;
            case LatencyUpdated latency: OnLatencyUpdated(latency); break;
            case PositionUpdated position: OnPositionUpdated(position); break;
            case CorrectionMeasured measured: OnCorrectionMeasured(measured); break;
            case ContinuityTick: OnContinuityTick(); break;
            case CorrectionTimedOut timedOut: OnCorrectionTimedOut(timedOut); break;
            case ProbeResult probe: OnProbeResult(probe); break;
            case ProbeWindowEnded ended: OnProbeWindowEnded(ended); break;
            case HeldRequestsExpired: ReleaseHeld(); break;
            case HoldEnded ended: OnHoldEnded(ended); break;
            case RegisterSession register: OnRegisterSession(register); break;
            case JoinSession join: OnJoinSession(join); break;
            case LeaveSession leave: OnLeaveSession(leave); break;
            case ConfigureGroup configure: OnConfigureGroup(configure); break;
            case ConfigureRoom configure: OnConfigureRoom(configure); break;
            case Terminated terminated when terminated.ActorRef.Path.Parent == Self.Path
                && _addsAwaitingStop.Remove(terminated.ActorRef.Path.Name, out var add):
                Timers.Cancel("add-wait-" + add.Add.Endpoint.Name);
                Self.Tell(add.Add, add.ReplyTo); // its name is free now
                break;
            case AddWaitExpired expired:
                DropParkedAdd(expired.Room, $"server {expired.Room} is still stopping; try again");
                break;
            case Terminated terminated:
                _sessions.Remove(terminated.ActorRef);
                _readFrom.Remove(terminated.ActorRef);
                ForgetSubscriber(terminated.ActorRef);
                break;
            case DeadLetter { Message: IServerRequest request } dead when dead.Sender.Equals(Self):
                request.ReplyTo.Tell(request.NotConnected(ServerOf(dead.Recipient)));
                break;
            case DeadLetter: break;
            case GetClusterStatus: Sender.Tell(Status()); break;
            case AddServer add: OnAddServer(add); break;
            case RemoveServer remove: OnRemoveServer(remove); break;
            case SetServerOffset offset: OnSetServerOffset(offset); break;
            case SnapshotTaken snapshot: OnSnapshotTaken(snapshot); break;
            case ResyncTimedOut timedOut: OnResyncTimedOut(timedOut); break;
            case RetryResync retry: EnqueueResync(retry.Server); break;
            case ResyncServer resync: OnResyncServer(resync); break;
            case StartupGraceEnded: OnStartupGraceEnded(); break;
            case CheckTick tick: OnCheckTick(tick.AfterSongChange); break;
            case StatusRead read: OnStatusRead(read); break;
            case CheckTimedOut timedOut: OnCheckTimedOut(timedOut); break;
            case ILibraryMessage library: OnLibraryMessage(library); break;
            default: Unhandled(message); break;
        }
    }

    /// <summary>The room an actor belongs to (its supervisor or the room's actor); empty if none.</summary>
    private string ServerOf(IActorRef actor) =>
        _servers.Values.FirstOrDefault(s => actor.Path.Equals(s.Actor.Path) || actor.Path.Parent.Equals(s.Actor.Path))?.Endpoint.Name ?? "";

    private void OnRegisterSession(RegisterSession register)
    {
        _sessions.Add(register.Session);
        Context.Watch(register.Session);
        var versions = _servers.Values.Where(s => s.Version is not null).Select(s => s.Version!.Value).ToList();
        register.Session.Tell(new Welcome(versions.Count > 0 ? versions.Min() : FallbackVersion));
    }

    private void Route(ClientRequest request)
    {
        if (IsMessagingCommand(request.Request.Command))
        {
            HandleMessaging(request);
            return;
        }
        if (HoldForPrimary(request) || RouteGroupCommand(request)) return;
        if (request.Info.Route == CommandRoute.Read)
        {
            RouteRead(request);
            return;
        }
        _writes.AddLast(new WriteOperation(++_nextTag, request, Sender));
        StartNextWrite();
    }

    private IEnumerable<ServerEntry> InSync => _servers.Values.Where(s => s.State == ServerState.InSync);

    private static Executed NoServer(ClientRequest request) => new(request.Id, "", MpdResponse.Fail(
        new MpdError(AckCode.System, 0, request.Request.Command, "no MPD server is available")));

    private sealed class ServerEntry(ServerEndpoint endpoint, IActorRef actor, DateTimeOffset since, ContinuityOptions continuity)
    {
        public ServerEndpoint Endpoint { get; set; } = endpoint;
        public IActorRef Actor { get; } = actor;
        public ServerState State { get; set; } = ServerState.Connecting;
        public DateTimeOffset StateSince { get; set; } = since;
        public MpdVersion? Version { get; set; }
        public LatencyUpdated? Latency { get; set; }
        public bool ResyncQueued { get; set; }
        /// <summary>From the room's last status read: volume -1 means no mixer; null until read.</summary>
        public bool? HasMixer { get; set; }
        /// <summary>Added, and not yet connected or lost even once: it is expected to answer in a moment.</summary>
        public bool Arriving { get; set; } = true;
        public RoomContinuity Continuity { get; } = new(continuity);
    }
}

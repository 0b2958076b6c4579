using Akka.Actor;
using Akka.Event;
using Prosync.Actors.Protocol;
using Prosync.Actors.Proxy;
using Prosync.Actors.Scheduling;

namespace Prosync.Actors.Servers;

/// <summary>
/// Owns one MPD server and its four connections: writes (the cluster's serialized state changes, so a
/// timed command never waits behind a long read), reads, idle (change events) and probe (latency).
/// Any lost connection stops the actor, so its <see cref="Akka.Pattern.BackoffSupervisor"/> starts a fresh one
/// with backoff (<see cref="ServerBackoff"/>); the cluster is told <see cref="ServerState.Down"/> first so it
/// stops routing here. The cluster is passed in: the parent is the backoff supervisor.
/// </summary>
public sealed partial class ServerActor : UntypedActor, IWithTimers
{
    private readonly ServerEndpoint _endpoint;
    private readonly IActorRef _cluster;
    private readonly ServerOptions _options;
    private readonly TimedSendScheduler _scheduler;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<MpdConnection> _connections = [];
    private readonly object _incarnation = new();
    private CommandPump? _writes;
    private CommandPump? _reads;

    public ServerActor(ServerEndpoint endpoint, IActorRef cluster, ServerOptions options, TimedSendScheduler scheduler)
    {
        _endpoint = endpoint;
        _cluster = cluster;
        _options = options;
        _scheduler = scheduler;
    }

    /// <param name="cluster">Told every state change, latency update and idle event.</param>
    public static Props Props(ServerEndpoint endpoint, IActorRef cluster, ServerOptions? options = null, TimedSendScheduler? scheduler = null) =>
        Akka.Actor.Props.Create(() => new ServerActor(endpoint, cluster, options ?? ServerOptions.Default, scheduler ?? TimedSendScheduler.Shared));

    public ITimerScheduler Timers { get; set; } = null!;

    private ILoggingAdapter Log { get; } = Context.GetLogger();

    private string Name => _endpoint.Name;

    private TimeProvider Clock => _options.Clock;

    protected override void PreStart()
    {
        _cluster.Tell(new ServerStateChanged(Name, ServerState.Connecting, null));
        ConnectAsync(Clock, _stopping.Token).PipeTo(Self,
            success: connected => Stamped(connected),
            failure: e => Stamped(new ServerConnectFailed(e)));
    }

    protected override void PostStop()
    {
        _stopping.Cancel();
        _writes?.Complete();
        _reads?.Complete();
        _ = DisposeAllAsync(_connections.ToList());
    }

    private static async Task DisposeAllAsync(IReadOnlyList<MpdConnection> connections)
    {
        foreach (var connection in connections) await connection.DisposeAsync();
    }

    /// <summary>A connection's loop runs until the connection fails: whatever ends it, the connection is lost.</summary>
    private void ReportLossWhenDone(Task loop, string connection) => loop.PipeTo(Self,
        success: () => Stamped(new ServerConnectionLost(new IOException(connection + " closed"))),
        failure: e => Stamped(new ServerConnectionLost(e)));

    /// <summary>
    /// Stamps what one of this instance's own I/O tasks saw. A stale one (an instance that failed meanwhile) is
    /// dropped rather than failing whichever instance reads it; the connections it carries are closed.
    /// </summary>
    private FromIo Stamped(object message) => new(_incarnation, message);

    protected override void OnReceive(object message)
    {
        if (message is FromIo io)
        {
            if (!ReferenceEquals(io.Incarnation, _incarnation))
            {
                if (io.Message is ServerConnected stale) _ = DisposeAllAsync(stale.All);
                return;
            }
            message = io.Message;
        }
        switch (message)
        {
            case Execute execute: Run(PumpFor(execute.Info), execute, pump => RunExecute(pump, execute)); break;
            case ProbeTick: OnProbeTick(); break;
            case KeepAliveTick: KeepAlive(); break;
            case ProbeReturned returned: OnProbeReturned(returned); break;
            case ProbeNow probe: SendProbe(probe.ReplyTo, probe.Tag); break;
            case IdleReturned idle: _cluster.Tell(new ServerEvents(Name, idle.Changed, idle.ReceivedAt)); break;
            case ResolveSongIds resolve: Run(_writes, resolve, pump => RunResolve(pump, resolve)); break;
            case CopyQueueOrder copy: Run(_writes, copy, pump => RunCopyOrder(pump, copy)); break;
            case ReadQueueFiles read: Run(_writes, read, async pump => new QueueFiles(read.Tag, Name, await ReadFilesAsync(pump))); break;
            case TakeSnapshot snapshot: Run(_reads, snapshot, pump => RunSnapshot(pump, snapshot)); break;
            case ReadStatus read:
                Run(_reads, read, async pump =>
                {
                    var timed = await pump.Connection.SendTimedAsync("status");
                    return new StatusRead(read.Tag, Name, timed.Response, timed.ReceivedAt);
                });
                break;
            case ApplyTimed timed: OnApplyTimed(timed); break;
            case ApplyCommands apply: Run(_writes, apply, pump => RunApply(pump, apply)); break;
            case ServerConnected connected: OnConnected(connected); break;
            case ServerConnectFailed failed: Fail($"cannot connect to {_endpoint.Host}:{_endpoint.Port}", failed.Reason); break;
            case ServerConnectionLost lost: Fail("connection lost", lost.Reason); break;
            default: Unhandled(message); break;
        }
    }

    /// <summary>
    /// MPD closes a connection that sends nothing for its <c>connection_timeout</c> (60 s by default; idle ones are
    /// exempt): a <c>ping</c> queued now and then keeps the command connections open between a house's commands, so
    /// the first command after a quiet minute does not find its connection gone.
    /// </summary>
    private void KeepAlive()
    {
        // Written, not waited for: the connection is pipelined, so a timed send queued behind the ping is not held
        // back by its round trip. A lost connection is reported by the connection's own loop.
        foreach (var pump in new[] { _writes, _reads })
            pump?.Enqueue(p =>
            {
                _ = p.SendAsync("ping").ContinueWith(t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted);
                return Task.CompletedTask;
            });
    }

    private CommandPump? PumpFor(CommandInfo info) => info.Route is CommandRoute.Read or CommandRoute.Local ? _reads : _writes;

    private void OnConnected(ServerConnected connected)
    {
        _connections.AddRange(connected.All);
        _writes = new CommandPump(connected.Writes, connected.DefaultTagTypes);
        _reads = new CommandPump(connected.Reads, connected.DefaultTagTypes);
        var self = Self;
        ReportLossWhenDone(_writes.RunAsync(), "command connection");
        ReportLossWhenDone(_reads.RunAsync(), "command connection");
        ReportLossWhenDone(IdleLoopAsync(connected.Idle, changed => self.Tell(Stamped(changed))), "idle connection");
        StartProbing(connected.Probe);
        Timers.StartPeriodicTimer("keepalive", KeepAliveTick.Instance, _options.KeepAliveInterval);
        Log.Info("Server {Server} at {Host}:{Port} connected (MPD protocol {Version})",
            Name, _endpoint.Host, _endpoint.Port, connected.Writes.Version);
        // Connected is not in sync: the cluster compares this room with the others, replays what differs, then admits it.
        _cluster.Tell(new ServerStateChanged(Name, ServerState.Syncing, connected.Writes.Version));
    }

    private void Fail(string what, Exception reason)
    {
        _cluster.Tell(new ServerStateChanged(Name, ServerState.Down, null));
        Log.Warning("Server {Server}: {What}: {Reason}", Name, what, reason.Message);
        // Stopped, not thrown: a lost server is expected, and its supervisor's answer is the same (a fresh actor after backoff).
        Context.Stop(Self);
    }

    /// <summary>Queues work on a pump; the outcome (or the failure) is told to the request's ReplyTo.</summary>
    private void Run(CommandPump? pump, IServerRequest request, Func<CommandPump, Task<object>> work)
    {
        var replyTo = request.ReplyTo;
        if (pump is null)
        {
            replyTo.Tell(request.NotConnected(Name));
            return;
        }
        var name = Name;
        pump.Enqueue(async p =>
        {
            object reply;
            try
            {
                reply = await work(p);
            }
            catch (Exception ex)
            {
                reply = request.Failed(name, new MpdError(AckCode.System, 0, "", $"server {name} failed: {ex.Message}"));
            }
            replyTo.Tell(reply);
        });
    }

    private async Task<object> RunExecute(CommandPump pump, Execute execute)
    {
        pump.Apply(execute.Session);
        var request = execute.Request;
        if (execute.Positions is { } positions)
        {
            await pump.RefreshQueueAsync();
            request = SongIdTranslator.Translate(execute.Info, request, positions, pump.Queue);
        }
        if (execute.SendAt is { } sendAt)
        {
            // Encoded now; at the deadline the scheduler's thread only writes the socket (no mailbox or pool hop).
            var line = MpdConnection.Encode(request.ToLine());
            var fired = await _scheduler.Schedule(sendAt, () => pump.Connection.Send(line));
            return new Executed(execute.Tag, Name, await fired.Result, fired.Lateness);
        }
        var response = await pump.SendAsync(request.ToLine());
        if (request.Command is "password" or "tagtypes" or "binarylimit") pump.ForgetAppliedState();
        return new Executed(execute.Tag, Name, response);
    }

    private async Task<object> RunResolve(CommandPump pump, ResolveSongIds resolve)
    {
        await pump.RefreshQueueAsync();
        return SongIdTranslator.TryResolvePositions(resolve.Info, resolve.Request, pump.Queue, out var positions, out var error)
            ? new SongIdsResolved(resolve.Tag, Name, positions, null)
            : new SongIdsResolved(resolve.Tag, Name, [], error);
    }

    private async Task<object> RunCopyOrder(CommandPump pump, CopyQueueOrder copy)
    {
        var current = await ReadFilesAsync(pump);
        return new Executed(copy.Tag, Name, await SendAllAsync(pump, QueueReorder.MoveLines(current, copy.Files).ToList()));
    }

    private async Task<object> RunSnapshot(CommandPump pump, TakeSnapshot snapshot)
    {
        // Pipelined: one round trip, and the status timestamp dates the elapsed time it reports.
        var status = pump.Connection.SendTimedAsync("status");
        var playlist = pump.SendAsync("playlist");
        var outputs = pump.SendAsync("outputs");
        var timed = await status;
        var state = Cluster.RoomState.Parse(timed.Response, await playlist, await outputs);
        return new SnapshotTaken(snapshot.Tag, Name, state, timed.ReceivedAt, null);
    }

    private async Task<object> RunApply(CommandPump pump, ApplyCommands apply) =>
        new Executed(apply.Tag, Name, await SendAllAsync(pump, apply.Lines));

    /// <summary>Sends the lines in one batch: the first failure, or OK.</summary>
    private static async Task<MpdResponse> SendAllAsync(CommandPump pump, IReadOnlyList<string> lines)
    {
        if (lines.Count == 0) return MpdResponse.Ok;
        var results = await Task.WhenAll(pump.Connection.SendBatch(lines));
        return results.FirstOrDefault(r => !r.IsOk) ?? MpdResponse.Ok;
    }

    private static async Task<IReadOnlyList<string>> ReadFilesAsync(CommandPump pump)
    {
        var response = await pump.SendAsync("playlist");
        return response.Lines.Select(Cluster.RoomState.FileOfPlaylistLine).ToList();
    }

    private async Task<object> ConnectAsync(TimeProvider time, CancellationToken ct)
    {
        var connections = new List<MpdConnection>();
        try
        {
            for (var i = 0; i < 4; i++)
                connections.Add(await MpdConnection.ConnectAsync(_endpoint.Host, _endpoint.Port, _options.ConnectTimeout, ct, time));
            var tagTypes = await connections[0].SendAsync("tagtypes");
            ct.ThrowIfCancellationRequested(); // stopped meanwhile: nobody would own these connections
            var defaults = tagTypes.Pairs.Where(p => p.Key == "tagtype").Select(p => p.Value).ToList();
            return new ServerConnected(connections[0], connections[1], connections[2], connections[3], defaults);
        }
        catch
        {
            await DisposeAllAsync(connections);
            throw;
        }
    }

    /// <summary>Keeps an <c>idle</c> outstanding and reports every change, stamped when it arrived, to the actor.</summary>
    private static async Task IdleLoopAsync(MpdConnection idle, Action<IdleReturned> report)
    {
        while (true)
        {
            var reply = await idle.SendTimedAsync("idle");
            var changed = Subsystems.None;
            foreach (var (key, value) in reply.Response.Pairs)
                if (key == "changed" && SubsystemNames.TryParse(value, out var subsystem)) changed |= subsystem;
            if (changed != Subsystems.None) report(new IdleReturned(changed, reply.ReceivedAt));
        }
    }
}

using Prosync.Actors.Kernel;
using Prosync.Actors.Protocol;
using Prosync.Actors.Proxy;
using Prosync.Actors.Scheduling;

namespace Prosync.Actors.Servers;

/// <summary>
/// Owns one MPD server and its four connections: writes (the cluster's serialized state changes, so a
/// timed command never waits behind a long read), reads, idle (change events) and probe (latency).
/// Any lost connection fails the actor, so its parent restarts it with backoff; the parent is told
/// <see cref="ServerState.Down"/> first so it stops routing here.
/// </summary>
public sealed partial class ServerActor : Actor
{
    private readonly ServerEndpoint _endpoint;
    private readonly ServerOptions _options;
    private readonly TimedSendScheduler _scheduler;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<MpdConnection> _connections = [];
    private readonly object _incarnation = new();
    private CommandPump? _writes;
    private CommandPump? _reads;

    public ServerActor(ServerEndpoint endpoint, ServerOptions options, TimedSendScheduler scheduler)
    {
        _endpoint = endpoint;
        _options = options;
        _scheduler = scheduler;
    }

    public static Props Props(ServerEndpoint endpoint, ServerOptions? options = null, TimedSendScheduler? scheduler = null) =>
        Kernel.Props.Create(() => new ServerActor(endpoint, options ?? ServerOptions.Default, scheduler ?? TimedSendScheduler.Shared));

    private string Name => _endpoint.Name;

    protected override void PreStart()
    {
        Context.Parent.Tell(new ServerStateChanged(Name, ServerState.Connecting, null));
        var self = Self;
        _ = ConnectAsync(Context.Time, _stopping.Token).ContinueWith(t => Post(self, t.IsCompletedSuccessfully
            ? t.Result
            : new ServerConnectFailed(t.Exception?.GetBaseException() ?? new OperationCanceledException())),
            TaskScheduler.Default);
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
    private void ReportLossWhenDone(IActorRef self, Task loop, string connection) =>
        _ = loop.ContinueWith(t => Post(self, new ServerConnectionLost(
            t.Exception?.GetBaseException() ?? new IOException(connection + " closed"))), TaskScheduler.Default);

    /// <summary>
    /// Tells this instance what one of its own I/O tasks saw. The mailbox survives a restart, so an old
    /// instance's "connection lost" (one per connection) would otherwise fail the fresh instance again.
    /// </summary>
    private void Post(IActorRef self, object message) => self.Tell(new FromIo(_incarnation, message));

    protected internal override Task ReceiveAsync(object message)
    {
        if (message is FromIo io)
        {
            if (!ReferenceEquals(io.Incarnation, _incarnation))
            {
                if (io.Message is ServerConnected stale) _ = DisposeAllAsync(stale.All);
                return Task.CompletedTask;
            }
            message = io.Message;
        }
        switch (message)
        {
            case Execute execute:
                Run(PumpFor(execute.Info), execute.ReplyTo, pump => RunExecute(pump, execute),
                    error => new Executed(execute.Tag, Name, MpdResponse.Fail(error with { Command = execute.Request.Command }),
                        ServerFailed: true));
                break;
            case ProbeTick: OnProbeTick(); break;
            case ProbeReturned returned: OnProbeReturned(returned); break;
            case ProbeNow probe: SendProbe(probe.ReplyTo, probe.Tag); break;
            case IdleReturned idle: Context.Parent.Tell(new ServerEvents(Name, idle.Changed, idle.ReceivedAt)); break;
            case ResolveSongIds resolve:
                Run(_writes, resolve.ReplyTo, pump => RunResolve(pump, resolve),
                    error => new SongIdsResolved(resolve.Tag, Name, [], error with { Command = resolve.Request.Command }));
                break;
            case CopyQueueOrder copy:
                Run(_writes, copy.ReplyTo, pump => RunCopyOrder(pump, copy), error => new Executed(copy.Tag, Name, MpdResponse.Fail(error)));
                break;
            case ReadQueueFiles read:
                Run(_writes, read.ReplyTo, async pump => new QueueFiles(read.Tag, Name, await ReadFilesAsync(pump)),
                    _ => new QueueFiles(read.Tag, Name, []));
                break;
            case TakeSnapshot snapshot:
                Run(_reads, snapshot.ReplyTo, pump => RunSnapshot(pump, snapshot),
                    error => new SnapshotTaken(snapshot.Tag, Name, null, 0, error.Message));
                break;
            case ReadStatus read:
                Run(_reads, read.ReplyTo, async pump =>
                {
                    var timed = await pump.Connection.SendTimedAsync("status");
                    return new StatusRead(read.Tag, Name, timed.Response, timed.ReceivedAt);
                }, _ => new StatusRead(read.Tag, Name, null, 0));
                break;
            case ApplyTimed timed: OnApplyTimed(timed); break;
            case ApplyCommands apply:
                Run(_writes, apply.ReplyTo, pump => RunApply(pump, apply), error => new Executed(apply.Tag, Name, MpdResponse.Fail(error)));
                break;
            case ServerConnected connected: OnConnected(connected); break;
            case ServerConnectFailed failed: Fail($"cannot connect to {_endpoint.Host}:{_endpoint.Port}", failed.Reason); break;
            case ServerConnectionLost lost: Fail("connection lost", lost.Reason); break;
            default: Unhandled(message); break;
        }
        return Task.CompletedTask;
    }

    private CommandPump? PumpFor(CommandInfo info) => info.Route is CommandRoute.Read or CommandRoute.Local ? _reads : _writes;

    private void OnConnected(ServerConnected connected)
    {
        _connections.AddRange(connected.All);
        _writes = new CommandPump(connected.Writes, connected.DefaultTagTypes);
        _reads = new CommandPump(connected.Reads, connected.DefaultTagTypes);
        var self = Self;
        ReportLossWhenDone(self, _writes.RunAsync(), "command connection");
        ReportLossWhenDone(self, _reads.RunAsync(), "command connection");
        ReportLossWhenDone(self, IdleLoopAsync(connected.Idle, changed => Post(self, changed)), "idle connection");
        StartProbing(connected.Probe);
        Log.Information("Server {Server} at {Host}:{Port} connected (MPD protocol {Version})",
            Name, _endpoint.Host, _endpoint.Port, connected.Writes.Version);
        // Connected is not in sync: the cluster compares this room with the others, replays what differs, then admits it.
        Context.Parent.Tell(new ServerStateChanged(Name, ServerState.Syncing, connected.Writes.Version));
    }

    private void Fail(string what, Exception reason)
    {
        Context.Parent.Tell(new ServerStateChanged(Name, ServerState.Down, null));
        throw new ServerUnavailableException($"server {Name}: {what}: {reason.Message}", reason);
    }

    /// <summary>Queues work on a pump; the outcome (or the failure) is told to <paramref name="replyTo"/>.</summary>
    private void Run(CommandPump? pump, IActorRef replyTo, Func<CommandPump, Task<object>> work, Func<MpdError, object> onFailure)
    {
        if (pump is null)
        {
            replyTo.Tell(onFailure(new MpdError(AckCode.System, 0, "", $"server {Name} is not connected")));
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
                reply = onFailure(new MpdError(AckCode.System, 0, "", $"server {name} failed: {ex.Message}"));
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

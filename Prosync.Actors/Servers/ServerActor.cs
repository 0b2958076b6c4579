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
        _ = ConnectAsync(Context.Time, _stopping.Token).ContinueWith(t => self.Tell(t.IsCompletedSuccessfully
            ? t.Result
            : new ServerConnectFailed(t.Exception?.GetBaseException() ?? new OperationCanceledException())),
            TaskScheduler.Default);
    }

    protected override void PostStop()
    {
        _stopping.Cancel();
        _writes?.Complete();
        _reads?.Complete();
        var connections = _connections.ToList();
        _ = Task.Run(async () =>
        {
            foreach (var connection in connections) await connection.DisposeAsync();
        });
    }

    protected internal override Task ReceiveAsync(object message)
    {
        switch (message)
        {
            case Execute execute:
                Run(PumpFor(execute.Info), execute.ReplyTo, pump => RunExecute(pump, execute),
                    error => new Executed(execute.Tag, Name, MpdResponse.Fail(error with { Command = execute.Request.Command })));
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
        _connections.AddRange([connected.Writes, connected.Reads, connected.Idle, connected.Probe]);
        _writes = new CommandPump(connected.Writes, connected.DefaultTagTypes);
        _reads = new CommandPump(connected.Reads, connected.DefaultTagTypes);
        var self = Self;
        foreach (var pump in new[] { _writes, _reads })
            _ = pump.RunAsync().ContinueWith(t => self.Tell(new ServerConnectionLost(
                t.Exception?.GetBaseException() ?? new IOException("command connection closed"))), TaskScheduler.Default);
        _ = IdleLoopAsync(connected.Idle, self).ContinueWith(t => self.Tell(new ServerConnectionLost(
            t.Exception?.GetBaseException() ?? new IOException("idle connection closed"))), TaskScheduler.Default);
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
        await pump.ApplyAsync(execute.Session);
        var request = execute.Request;
        if (execute.Positions is { } positions)
        {
            await pump.RefreshQueueAsync();
            request = SongIdTranslator.Translate(execute.Info, request, positions, pump.Queue);
        }
        var line = request.ToLine();
        if (execute.SendAt is { } sendAt)
        {
            // The write happens on the scheduler's thread at the deadline: no mailbox or pool hop after it.
            var fired = await _scheduler.Schedule(sendAt, () => pump.SendAsync(line));
            return new Executed(execute.Tag, Name, await fired.Result, fired.FiredAt, fired.Lateness);
        }
        var response = await pump.SendAsync(line);
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
        var moves = QueueReorder.Moves(current, copy.Files);
        var response = MpdResponse.Ok;
        if (moves.Count > 0)
        {
            var lines = moves.Select(m => $"move {m.From} {m.To}").ToList();
            var results = await Task.WhenAll(pump.Connection.SendBatch(lines));
            response = results.FirstOrDefault(r => !r.IsOk) ?? MpdResponse.Ok;
        }
        return new Executed(copy.Tag, Name, response);
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

    private async Task<object> RunApply(CommandPump pump, ApplyCommands apply)
    {
        var response = MpdResponse.Ok;
        if (apply.Lines.Count > 0)
        {
            var results = await Task.WhenAll(pump.Connection.SendBatch(apply.Lines));
            response = results.FirstOrDefault(r => !r.IsOk) ?? MpdResponse.Ok;
        }
        return new Executed(apply.Tag, Name, response);
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
            foreach (var connection in connections) await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Keeps an <c>idle</c> outstanding and reports every change, stamped when it arrived, to the actor.</summary>
    private static async Task IdleLoopAsync(MpdConnection idle, IActorRef self)
    {
        while (true)
        {
            var reply = await idle.SendTimedAsync("idle");
            var changed = Subsystems.None;
            foreach (var (key, value) in reply.Response.Pairs)
                if (key == "changed" && SubsystemNames.TryParse(value, out var subsystem)) changed |= subsystem;
            if (changed != Subsystems.None) self.Tell(new IdleReturned(changed, reply.ReceivedAt));
        }
    }
}

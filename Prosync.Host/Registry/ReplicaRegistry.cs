using Akka.Actor;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Prosync.Actors.Cluster;
using Prosync.Actors.Library.Selection;
using Prosync.Actors.Proxy;
using Prosync.Host.Api;
using Prosync.Host.Configuration;
using Prosync.Host.Hosting;
using Prosync.Host.Status;

namespace Prosync.Host.Registry;

/// <summary>
/// The registry of replicas in the proxy: agents register their rooms and keep them registered; a registered
/// replica is a room of the cluster (<see cref="AddServer"/> with <see cref="ServerEndpoint.AgentUrl"/>), removed
/// when its agent says goodbye or after <see cref="RegistryOptions.Timeout"/> without a keepalive.
/// </summary>
/// <remarks>
/// A hosted service, not an actor: its callers are HTTP handlers that await an answer anyway, its state is a small
/// table guarded by one async lock (registrations are rare: one per agent every few seconds), and the cluster is
/// reached by the same Ask the API uses for <c>POST /api/servers</c>. The sweep is a <see cref="PeriodicTimer"/>
/// every quarter second, so a replica is dropped within its timeout + 0.25 s.
/// </remarks>
public sealed class ReplicaRegistry(
    RegistryOptions options,
    ProxyHostedService host,
    StatusMonitor monitor,
    ReplicaMeasurements measurements,
    TimeProvider clock,
    Serilog.ILogger logger) : BackgroundService
{
    private static readonly TimeSpan SweepInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan OperationTimeout = TimeSpan.FromSeconds(5);

    private readonly Serilog.ILogger _log = logger.ForContext<ReplicaRegistry>();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ReplicaTable _table = new();

    /// <summary>An HTTP answer: status code and JSON body.</summary>
    public sealed record Answer(int Status, object? Body);

    /// <summary>Raised (outside the lock) when a replica joins, so it can be measured at once.</summary>
    public event Action<RegisteredReplica>? Registered;

    public async Task<IReadOnlyList<RegisteredReplica>> ListAsync()
    {
        await _gate.WaitAsync();
        try
        {
            return _table.All;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<Answer> RegisterAsync(RegisterReplicaRequest request)
    {
        if (Validate(request, out var error) is not { } replica)
        {
            return new Answer(StatusCodes.Status400BadRequest, new ApiError(error));
        }
        if (host.Proxy is not { } proxy)
        {
            return new Answer(StatusCodes.Status503ServiceUnavailable, new ApiError("the proxy is not running"));
        }
        Answer answer;
        var joined = false;
        await _gate.WaitAsync();
        try
        {
            var status = await monitor.RefreshAsync();
            if (status is null)
            {
                return new Answer(StatusCodes.Status503ServiceUnavailable, new ApiError("the proxy is not running"));
            }
            var now = clock.GetUtcNow();
            var kind = _table.Classify(replica);
            var room = status.Servers.FirstOrDefault(s => s.Name.Equals(replica.Name, StringComparison.OrdinalIgnoreCase));
            switch (kind)
            {
                case ReplicaTable.Registration.Conflict:
                    return Conflict($"the name '{replica.Name}' is registered by another agent (mpd {_table.Find(replica.Name)!.Mpd})");
                case ReplicaTable.Registration.Renewed when room is not null:
                    _table.Record(replica, now);
                    return new Answer(StatusCodes.Status200OK, Accepted(replica.Name));
                case ReplicaTable.Registration.New when room is not null:
                    return Conflict($"'{room.Name}' is a configured room, not an agent's; choose another --name");
            }
            if (kind == ReplicaTable.Registration.New
                && status.Servers.FirstOrDefault(s => s.Address.Equals(replica.Mpd, StringComparison.OrdinalIgnoreCase)) is { } same)
            {
                return Conflict($"room '{same.Name}' already uses {replica.Mpd}");
            }
            if (room is not null)
            {
                // Moved: the agent restarted on another address; the room is re-added with it.
                var removed = await AskAsync(proxy, new RemoveServer(room.Name));
                if (!removed.Succeeded)
                {
                    return Conflict(removed.Message);
                }
            }
            var address = HostPort.Parse(replica.Mpd, "mpd");
            var added = await AskAsync(proxy, new AddServer(new ServerEndpoint(replica.Name, address.Host, address.Port) { AgentUrl = replica.Agent }));
            if (!added.Succeeded)
            {
                _table.Remove(replica.Name);
                return Conflict(added.Message);
            }
            _table.Record(replica, now);
            _log.Information("Replica {Name} registered (mpd {Mpd}, agent {Agent}, {Kind})", replica.Name, replica.Mpd, replica.Agent,
                kind == ReplicaTable.Registration.Moved ? "agent moved" : kind == ReplicaTable.Registration.Renewed ? "its room was gone: re-added" : "new");
            answer = new Answer(StatusCodes.Status201Created, Accepted(replica.Name));
            joined = true;
        }
        catch (AskTimeoutException e)
        {
            return new Answer(StatusCodes.Status504GatewayTimeout, new ApiError($"the cluster did not answer: {e.Message}"));
        }
        finally
        {
            _gate.Release();
        }
        if (joined)
        {
            Registered?.Invoke(replica);
        }
        return answer;
    }

    public async Task<Answer> DeregisterAsync(string name)
    {
        if (host.Proxy is not { } proxy)
        {
            return new Answer(StatusCodes.Status503ServiceUnavailable, new ApiError("the proxy is not running"));
        }
        await _gate.WaitAsync();
        try
        {
            if (_table.Find(name) is not { } replica)
            {
                return new Answer(StatusCodes.Status404NotFound, new ApiError($"no replica is registered as '{name}'"));
            }
            await DropAsync(proxy, replica, "its agent said goodbye");
            return new Answer(StatusCodes.Status204NoContent, null);
        }
        catch (AskTimeoutException e)
        {
            return new Answer(StatusCodes.Status504GatewayTimeout, new ApiError($"the cluster did not answer: {e.Message}"));
        }
        finally
        {
            _gate.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(SweepInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await SweepAsync();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task SweepAsync()
    {
        if (host.Proxy is not { } proxy)
        {
            return;
        }
        await _gate.WaitAsync();
        try
        {
            foreach (var replica in _table.Expired(clock.GetUtcNow(), options.Timeout))
            {
                await DropAsync(proxy, replica, $"no keepalive for {options.Timeout.TotalSeconds:0.#} s");
            }
        }
        catch (AskTimeoutException e)
        {
            _log.Warning("Could not drop an expired replica now ({Error}); trying again", e.Message);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task DropAsync(ProxyServer proxy, RegisteredReplica replica, string why)
    {
        var result = await AskAsync(proxy, new RemoveServer(replica.Name));
        _table.Remove(replica.Name);
        measurements.Forget(replica.Name);
        _log.Information("Replica {Name} dropped: {Why}{Detail}", replica.Name, why, result.Succeeded ? "" : $" ({result.Message})");
    }

    private static Task<OperationResult> AskAsync(ProxyServer proxy, object operation)
        => proxy.Cluster.Ask<OperationResult>(operation, OperationTimeout);

    private object Accepted(string name) => new { name, timeoutSeconds = options.Timeout.TotalSeconds };

    private static Answer Conflict(string message) => new(StatusCodes.Status409Conflict, new ApiError(message));

    private static RegisteredReplica? Validate(RegisterReplicaRequest request, out string error)
    {
        error = "";
        try
        {
            var name = Syntax.CheckName(request.Name ?? throw new InvalidSettingsException("name is missing"), "name");
            var mpd = HostPort.Parse(request.Mpd ?? throw new InvalidSettingsException("mpd is missing (host:port)"), "mpd");
            if (!Uri.TryCreate(request.Agent, UriKind.Absolute, out var agent) || agent.Scheme != Uri.UriSchemeHttp
                || agent.AbsolutePath != "/" || agent.Query.Length > 0)
            {
                throw new InvalidSettingsException($"agent '{request.Agent}' is not an agent's base URL (http://host:port)");
            }
            if (request.KeepaliveSeconds is not (> 0 and <= 3600))
            {
                throw new InvalidSettingsException("keepaliveSeconds must be a number of seconds from 0 to 3600");
            }
            return new RegisteredReplica(name, mpd.ToString(), agent.GetLeftPart(UriPartial.Authority), request.KeepaliveSeconds.Value,
                default, default);
        }
        catch (InvalidSettingsException e)
        {
            error = e.Message;
            return null;
        }
    }
}

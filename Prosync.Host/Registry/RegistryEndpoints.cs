using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Prosync.Actors.Library;
using Prosync.Actors.Library.Selection;
using Prosync.Actors.Proxy;
using Prosync.Host.Api;

namespace Prosync.Host.Registry;

/// <summary>
/// The registry's HTTP endpoints (docs/registry-protocol.md) and the replica list of a file:
/// <code>
/// POST   /api/registry/replicas          register or keep alive: {"name", "mpd", "agent", "keepaliveSeconds"}
/// DELETE /api/registry/replicas/{name}   an agent's goodbye
/// GET    /api/registry/replicas          the registered replicas
/// GET    /api/library/measurements       every replica's latency and throughput
/// GET    /api/library/replicas?path=P[&amp;selection=client|network][&amp;optimize=latency|throughput]
/// </code>
/// </summary>
public static class RegistryEndpoints
{
    private static readonly TimeSpan HeadTimeout = TimeSpan.FromSeconds(5);

    private static readonly JsonSerializerOptions BodyOptions = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>For the HEAD requests to agents: one client for the process, as HttpClient wants.</summary>
    private static readonly HttpClient Http = new() { Timeout = HeadTimeout };

    public static IEndpointRouteBuilder MapProsyncRegistry(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/registry/replicas", Register);
        app.MapDelete("/api/registry/replicas/{name}", async (string name, ReplicaRegistry registry) => ToResult(await registry.DeregisterAsync(name)));
        app.MapGet("/api/registry/replicas", async (ReplicaRegistry registry) => TypedResults.Ok(await registry.ListAsync()));
        app.MapGet("/api/library/measurements", (ReplicaMeasurements measurements) => TypedResults.Ok(measurements.Snapshot()));
        app.MapGet("/api/library/replicas", Replicas);
        return app;
    }

    private static async Task<IResult> Register(HttpRequest request, ReplicaRegistry registry)
    {
        RegisterReplicaRequest? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<RegisterReplicaRequest>(request.Body, BodyOptions, request.HttpContext.RequestAborted);
        }
        catch (JsonException e)
        {
            return TypedResults.BadRequest(new ApiError($"the request body is not a registration ({e.Message})"));
        }
        if (body is null)
        {
            return TypedResults.BadRequest(new ApiError("the request body is empty; send {\"name\", \"mpd\", \"agent\", \"keepaliveSeconds\"}"));
        }
        return ToResult(await registry.RegisterAsync(body));
    }

    private static async Task<IResult> Replicas(string? path, string? selection, string? optimize,
        ReplicaRegistry registry, ReplicaMeasurements measurements, ProxyOptions proxy, CancellationToken ct)
    {
        if (!LibraryPath.TryValidate(path, out var error))
        {
            return TypedResults.BadRequest(new ApiError($"{error}: {LibraryPath.QueryHint}"));
        }
        var network = (selection ?? "client").ToLowerInvariant() switch
        {
            "client" => false,
            "network" => true,
            _ => (bool?)null,
        };
        if (network is null)
        {
            return TypedResults.BadRequest(new ApiError($"selection '{selection}' is not client or network"));
        }
        ReplicaOptimization goal;
        switch ((optimize ?? "throughput").ToLowerInvariant())
        {
            case "latency":
                goal = ReplicaOptimization.Latency;
                break;
            case "throughput":
                goal = ReplicaOptimization.Throughput;
                break;
            default:
                return TypedResults.BadRequest(new ApiError($"optimize '{optimize}' is not latency or throughput"));
        }

        var holders = await FindHoldersAsync(path!, registry, measurements, proxy, ct);
        if (network == false)
        {
            return TypedResults.Ok(holders);
        }
        if (holders.Count == 0)
        {
            return TypedResults.NotFound(new ApiError($"no room holds '{path}'"));
        }
        var ranked = new MeasuredReplicaChooser(measurements).Rank([.. holders.Select(h => h.Name)], goal);
        return TypedResults.Ok(new { best = holders.First(h => h.Name == ranked[0]), optimize = goal.ToString().ToLowerInvariant(), replicas = holders });
    }

    /// <summary>
    /// Every agent is asked (HEAD, in parallel, as the library's copies ask: <see cref="AgentRoomFiles.GetInfoAsync"/>);
    /// local rooms are looked at on disk. Agents that are unreachable or answer without a size and checksum are left out.
    /// </summary>
    private static async Task<IReadOnlyList<ReplicaHolder>> FindHoldersAsync(string path, ReplicaRegistry registry,
        ReplicaMeasurements measurements, ProxyOptions proxy, CancellationToken ct)
    {
        var agents = (await registry.ListAsync()).Select(async replica =>
        {
            try
            {
                var info = await new AgentRoomFiles(Http, new Uri(replica.Agent)).GetInfoAsync(path, ct);
                return info is null ? null : Holder(replica.Name, replica.Agent, info.Bytes, info.Sha256, FileTransfer.AgentMethod, measurements);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException or InvalidDataException)
            {
                return null;
            }
        });
        var locals = proxy.Servers
            .Where(s => s.AgentUrl is null && s.MusicDirectory is not null)
            .Select(s => LibraryPath.TryResolve(s.MusicDirectory!, path, out var full, out _) && File.Exists(full)
                ? Holder(s.Name, null, new FileInfo(full).Length, null, FileTransfer.LocalMethod, measurements)
                : null);
        return [.. (await Task.WhenAll(agents)).Concat(locals).OfType<ReplicaHolder>().OrderBy(h => h.Name, StringComparer.Ordinal)];
    }

    private static ReplicaHolder Holder(string name, string? agent, long bytes, string? sha, string method, ReplicaMeasurements measurements)
    {
        var m = measurements.Get(name);
        return new ReplicaHolder(name, agent, bytes, sha, m?.LatencyMs, m?.ThroughputMBps, m?.MeasuredAt, m?.Method ?? method);
    }

    private static IResult ToResult(ReplicaRegistry.Answer answer)
        => answer.Body is null ? TypedResults.StatusCode(answer.Status) : TypedResults.Json(answer.Body, statusCode: answer.Status);
}

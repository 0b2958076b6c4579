using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Prosync.Actors.Cluster;
using Akka.Actor;
using Prosync.Actors.Proxy;
using Prosync.Actors.Rooms;
using Prosync.Host.Configuration;
using Prosync.Host.Hosting;
using Prosync.Host.Library;
using Prosync.Host.Status;

namespace Prosync.Host.Api;

/// <summary>
/// The HTTP JSON API: the dashboard's data, and the operations a person needs on a running proxy.
/// <code>
/// GET    /api/status                    everything: rooms, broadcasts with skew, resyncs, what plays
/// GET    /api/servers                   the rooms
/// GET    /api/servers/{name}            one room
/// GET    /api/history                   the latency chart's last minutes
/// POST   /api/servers                   add a room: {"name", "address": "host:port", "offsetMs"}
/// DELETE /api/servers/{name}            remove a room
/// PUT    /api/servers/{name}/offset     set a room's output latency: {"offsetMs"}
/// POST   /api/servers/{name}/resync     bring a room back to the cluster's state now
/// PUT    /api/servers/{name}/volume     set a room's trim on its group's volume: {"trim": 0.8} (0..1, 0 mutes)
/// PUT    /api/servers/{name}/group      move a room to a group (it joins that group's playback in step): {"group"}
/// PUT    /api/servers/{name}/enabled    take a room out of its group's playback, or back in: {"enabled": false}
/// GET    /api/groups                    the groups (MPD partitions): rooms, primary, what plays, volume
/// POST   /api/groups                    make an empty group: {"name"}
/// DELETE /api/groups/{name}             delete an empty group (not default)
/// </code>
/// Errors answer <see cref="ApiError"/>: 400 bad input, 404 unknown room, 409 conflict, 503 proxy not running,
/// 504 the cluster did not answer in time.
/// </summary>
public static class ApiEndpoints
{
    /// <summary>How long an operation may take the cluster to acknowledge.</summary>
    private static readonly TimeSpan OperationTimeout = TimeSpan.FromSeconds(5);

    private static readonly JsonSerializerOptions BodyOptions = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public static IEndpointRouteBuilder MapProsyncApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api");
        api.MapGet("/status", GetStatus);
        api.MapGet("/servers", GetServers);
        api.MapGet("/servers/{name}", GetServer);
        api.MapGet("/history", (StatusMonitor monitor) => TypedResults.Ok(monitor.History()));
        api.MapPost("/servers", AddServer);
        api.MapDelete("/servers/{name}", RemoveServer);
        api.MapPut("/servers/{name}/offset", SetOffset);
        api.MapPost("/servers/{name}/resync", Resync);
        MapRoomsAndGroups(api);
        api.MapLibraryApi(); // Library/LibraryEndpoints.cs: /api/library…
        return app;
    }

    private static Task<IResult> GetStatus(StatusMonitor monitor)
        => WithStatus(monitor, status => TypedResults.Ok(status));

    private static Task<IResult> GetServers(StatusMonitor monitor)
        => WithStatus(monitor, status => TypedResults.Ok(status.Servers));

    private static Task<IResult> GetServer(string name, StatusMonitor monitor)
        => WithStatus(monitor, status => Find(status, name) is { } server ? TypedResults.Ok(server) : UnknownRoom(name));

    private static async Task<IResult> AddServer(HttpRequest request, StatusMonitor monitor, ProxyHostedService host)
    {
        var (body, error) = await ReadBodyAsync<AddServerRequest>(request);
        if (body is null)
        {
            return BadRequest(error);
        }
        ServerEndpoint endpoint;
        try
        {
            endpoint = ToEndpoint(body);
        }
        catch (InvalidSettingsException e)
        {
            return BadRequest(e.Message);
        }
        return await WithStatus(monitor, async status =>
        {
            if (status.Servers.FirstOrDefault(s => s.Name.Equals(endpoint.Name, StringComparison.OrdinalIgnoreCase)) is { } named)
            {
                return Conflict($"a room named '{named.Name}' exists already");
            }
            var address = $"{endpoint.Host}:{endpoint.Port}";
            if (status.Servers.FirstOrDefault(s => s.Address.Equals(address, StringComparison.OrdinalIgnoreCase)) is { } same)
            {
                return Conflict($"room '{same.Name}' already uses {address}");
            }
            return await OperateAsync(host, new AddServer(endpoint),
                async () => TypedResults.Created($"/api/servers/{Uri.EscapeDataString(endpoint.Name)}",
                    Find(await monitor.RefreshAsync(), endpoint.Name)));
        });
    }

    private static Task<IResult> RemoveServer(string name, StatusMonitor monitor, ProxyHostedService host)
        => WithStatus(monitor, status => Find(status, name) is null
            ? Task.FromResult(UnknownRoom(name))
            : OperateAsync(host, new RemoveServer(name), () => Task.FromResult<IResult>(TypedResults.NoContent())));

    private static async Task<IResult> SetOffset(string name, HttpRequest request, StatusMonitor monitor, ProxyHostedService host)
    {
        var (body, error) = await ReadBodyAsync<OffsetRequest>(request);
        if (body is null)
        {
            return BadRequest(error);
        }
        if (body.OffsetMs is not { } ms)
        {
            return BadRequest("offsetMs is missing: send {\"offsetMs\": 40}");
        }
        try
        {
            Syntax.CheckOffset(ms, "offsetMs");
        }
        catch (InvalidSettingsException e)
        {
            return BadRequest(e.Message);
        }
        return await WithStatus(monitor, status => Find(status, name) is null
            ? Task.FromResult(UnknownRoom(name))
            : OperateAsync(host, new SetServerOffset(name, ms),
                async () => TypedResults.Ok(Find(await monitor.RefreshAsync(), name))));
    }

    private static Task<IResult> Resync(string name, StatusMonitor monitor, ProxyHostedService host)
        => WithStatus(monitor, status => Find(status, name) is null
            ? Task.FromResult(UnknownRoom(name))
            : OperateAsync(host, new ResyncServer(name),
                () => Task.FromResult<IResult>(TypedResults.Accepted($"/api/servers/{Uri.EscapeDataString(name)}",
                    new { message = $"resync of {name} started" }))));

    /// <summary>Asks the cluster to do <paramref name="operation"/>; a refusal is a 409 with the cluster's reason.</summary>
    private static async Task<IResult> OperateAsync(ProxyHostedService host, object operation, Func<Task<IResult>> onSuccess)
    {
        if (host.Proxy is not { } proxy)
        {
            return NotRunning();
        }
        OperationResult result;
        try
        {
            result = await proxy.Cluster.Ask<OperationResult>(operation, OperationTimeout);
        }
        catch (AskTimeoutException)
        {
            return TypedResults.Json(new ApiError(
                $"the cluster did not acknowledge {operation.GetType().Name} within {OperationTimeout.TotalSeconds:0} s"),
                statusCode: StatusCodes.Status504GatewayTimeout);
        }
        if (!result.Succeeded)
        {
            return Conflict(result.Message);
        }
        return await onSuccess();
    }

    private static Task<IResult> WithStatus(StatusMonitor monitor, Func<StatusView, IResult> answer)
        => WithStatus(monitor, status => Task.FromResult(answer(status)));

    private static async Task<IResult> WithStatus(StatusMonitor monitor, Func<StatusView, Task<IResult>> answer)
    {
        StatusView? status;
        try
        {
            status = await monitor.RefreshAsync();
        }
        catch (AskTimeoutException e)
        {
            return TypedResults.Json(new ApiError(e.Message), statusCode: StatusCodes.Status504GatewayTimeout);
        }
        return status is null ? NotRunning() : await answer(status);
    }

    private static ServerView? Find(StatusView? status, string name)
        => status?.Servers.FirstOrDefault(s => s.Name == name);

    /// <summary>Validated like a configured server: same address syntax, name rules and offset range.</summary>
    /// <exception cref="InvalidSettingsException">What is wrong with the request.</exception>
    private static ServerEndpoint ToEndpoint(AddServerRequest body)
    {
        if (string.IsNullOrWhiteSpace(body.Address))
        {
            throw new InvalidSettingsException("address is missing: send {\"name\": \"kitchen\", \"address\": \"HOST:PORT\"}");
        }
        var address = HostPort.Parse(body.Address, "address");
        var name = body.Name is null ? address.ToString() : Syntax.CheckName(body.Name, "name");
        var offset = Syntax.CheckOffset(body.OffsetMs ?? 0, "offsetMs");
        return new ServerEndpoint(name, address.Host, address.Port) { OffsetMs = offset };
    }

    /// <summary>Reads a JSON body strictly: an unknown property (a typo such as <c>offset</c>) is an error, not ignored.</summary>
    private static async Task<(T? Body, string Error)> ReadBodyAsync<T>(HttpRequest request)
        where T : class
    {
        const string empty = "the request body is empty; send a JSON object";
        if (request.ContentLength == 0)
        {
            return (null, empty);
        }
        try
        {
            var body = await JsonSerializer.DeserializeAsync<T>(request.Body, BodyOptions, request.HttpContext.RequestAborted);
            return body is null ? (null, empty) : (body, "");
        }
        catch (JsonException e)
        {
            var where = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "" : $" at {e.Path}";
            var why = e.Message.Contains("could not be mapped", StringComparison.Ordinal) ? "has an unknown property"
                : e.Message.Contains("could not be converted", StringComparison.Ordinal) ? "has a value of the wrong type"
                : "is not valid JSON";
            return (null, $"the request body {why}{where}");
        }
    }

    private static IResult BadRequest(string message) => TypedResults.BadRequest(new ApiError(message));

    private static IResult Conflict(string message) => TypedResults.Conflict(new ApiError(message));

    private static IResult UnknownRoom(string name) => TypedResults.NotFound(new ApiError($"no room is named '{name}'"));

    private static IResult NotRunning() => TypedResults.Json(new ApiError("the proxy is not running"),
        statusCode: StatusCodes.Status503ServiceUnavailable);

    private static void MapRoomsAndGroups(RouteGroupBuilder api)
    {
        api.MapPut("/servers/{name}/volume", SetTrim);
        api.MapPut("/servers/{name}/group", SetGroup);
        api.MapPut("/servers/{name}/enabled", SetEnabled);
        api.MapGet("/groups", (StatusMonitor monitor) => WithStatus(monitor, status => TypedResults.Ok(status.Groups)));
        api.MapPost("/groups", CreateGroup);
        api.MapDelete("/groups/{name}", DeleteGroup);
    }

    private static async Task<IResult> SetTrim(string name, HttpRequest request, StatusMonitor monitor, ProxyHostedService host)
    {
        var (body, error) = await ReadBodyAsync<TrimRequest>(request);
        if (body is null)
        {
            return BadRequest(error);
        }
        if (body.Trim is not { } trim || !RoomVolume.IsValidTrim(trim))
        {
            return BadRequest("trim must be a factor from 0 (muted) to 1: send {\"trim\": 0.8}");
        }
        return await OnRoom(name, monitor, host, new SetRoomTrim(name, trim));
    }

    private static async Task<IResult> SetGroup(string name, HttpRequest request, StatusMonitor monitor, ProxyHostedService host)
    {
        var (body, error) = await ReadBodyAsync<GroupRequest>(request);
        if (body is null)
        {
            return BadRequest(error);
        }
        if (string.IsNullOrWhiteSpace(body.Group))
        {
            return BadRequest("group is missing: send {\"group\": \"upstairs\"}");
        }
        return await WithStatus(monitor, status => status.Groups.All(g => g.Name != body.Group)
            ? Task.FromResult<IResult>(TypedResults.NotFound(new ApiError($"no group is named '{body.Group}'")))
            : OnRoom(name, monitor, host, new SetRoomGroup(name, body.Group)));
    }

    private static async Task<IResult> SetEnabled(string name, HttpRequest request, StatusMonitor monitor, ProxyHostedService host)
    {
        var (body, error) = await ReadBodyAsync<EnabledRequest>(request);
        if (body is null)
        {
            return BadRequest(error);
        }
        if (body.Enabled is not { } enabled)
        {
            return BadRequest("enabled is missing: send {\"enabled\": false}");
        }
        return await OnRoom(name, monitor, host, new SetRoomEnabled(name, enabled));
    }

    /// <summary>A room operation: 404 for an unknown room, else the room as it is now.</summary>
    private static Task<IResult> OnRoom(string name, StatusMonitor monitor, ProxyHostedService host, object operation)
        => WithStatus(monitor, status => Find(status, name) is null
            ? Task.FromResult(UnknownRoom(name))
            : OperateAsync(host, operation, async () => TypedResults.Ok(Find(await monitor.RefreshAsync(), name))));

    private static async Task<IResult> CreateGroup(HttpRequest request, StatusMonitor monitor, ProxyHostedService host)
    {
        var (body, error) = await ReadBodyAsync<NewGroupRequest>(request);
        if (body is null)
        {
            return BadRequest(error);
        }
        if (body.Name is not { } name || !HouseLayout.IsValidGroupName(name))
        {
            return BadRequest("name must be letters, digits, _ and - (as MPD's partition names): send {\"name\": \"upstairs\"}");
        }
        return await OperateAsync(host, new CreateGroup(name), async () => TypedResults.Created(
            $"/api/groups/{Uri.EscapeDataString(name)}", (await monitor.RefreshAsync())?.Groups.FirstOrDefault(g => g.Name == name)));
    }

    private static Task<IResult> DeleteGroup(string name, StatusMonitor monitor, ProxyHostedService host)
        => WithStatus(monitor, status => status.Groups.All(g => g.Name != name)
            ? Task.FromResult<IResult>(TypedResults.NotFound(new ApiError($"no group is named '{name}'")))
            : OperateAsync(host, new DeleteGroup(name), () => Task.FromResult<IResult>(TypedResults.NoContent())));
}

using Akka.Actor;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Prosync.Actors.Cluster;
using Prosync.Actors.Library;
using Prosync.Host.Api;
using Prosync.Host.Hosting;

namespace Prosync.Host.Library;

/// <summary>
/// The library registry over HTTP:
/// <code>
/// GET  /api/library                        per room: files, missing files, last check, file access, pending uploads
/// POST /api/library/files?path=DIR/NAME    upload (the body is the file) to every room; answers when every database has it
/// POST /api/library/rooms/{name}/sync      copy every song the room lacks from the best room that has it
/// GET  /api/library/uploads                uploads in flight (and just finished), each room's state and bytes
/// </code>
/// An upload is received into a staging file (its SHA-256 computed on the way; an <c>X-Prosync-Sha256</c> header from the
/// client is checked against it), then the cluster stores it in every room in parallel.
/// </summary>
public static class LibraryEndpoints
{
    private static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(5);

    /// <summary>An upload or a sync waits for every room's copy and database; big files over slow links take a while.</summary>
    private static readonly TimeSpan TransferTimeout = TimeSpan.FromMinutes(10);

    public static RouteGroupBuilder MapLibraryApi(this RouteGroupBuilder api)
    {
        api.MapGet("/library", GetLibrary);
        api.MapPost("/library/files", Upload);
        api.MapPost("/library/rooms/{name}/sync", Sync);
        api.MapGet("/library/uploads", GetUploads);
        return api;
    }

    /// <summary>Where uploads are received before the cluster copies them to the rooms (it deletes them when all have them).</summary>
    public static string StagingDirectory { get; } = Path.Combine(Path.GetTempPath(), "prosync-uploads");

    private static async Task<IResult> GetLibrary(ProxyHostedService host)
    {
        if (host.Proxy is not { } proxy) return NotRunning();
        try
        {
            return TypedResults.Ok(await proxy.Cluster.Ask<LibraryStatus>(Actors.Cluster.GetLibrary.Instance, QueryTimeout));
        }
        catch (AskTimeoutException)
        {
            return TypedResults.Json(new ApiError($"the cluster did not answer within {QueryTimeout.TotalSeconds:0} s"),
                statusCode: StatusCodes.Status504GatewayTimeout);
        }
    }

    private static async Task<IResult> GetUploads(ProxyHostedService host)
    {
        if (host.Proxy is not { } proxy) return NotRunning();
        try
        {
            var uploads = await proxy.Cluster.Ask<UploadsInFlight>(Actors.Cluster.GetUploads.Instance, QueryTimeout);
            return TypedResults.Ok(new { uploads = uploads.Uploads.Select(UploadProgressView.From).ToList() });
        }
        catch (AskTimeoutException)
        {
            return TypedResults.Json(new ApiError($"the cluster did not answer within {QueryTimeout.TotalSeconds:0} s"),
                statusCode: StatusCodes.Status504GatewayTimeout);
        }
    }

    private static async Task<IResult> Upload(HttpContext context, string? path, ProxyHostedService host)
    {
        if (!LibraryPath.TryValidate(path, out var error))
            return TypedResults.BadRequest(new ApiError($"{error}: {LibraryPath.QueryHint}"));
        if (host.Proxy is not { } proxy) return NotRunning();
        // Songs are often bigger than Kestrel's 30 MB default; the body goes to disk, not memory.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = null;

        Directory.CreateDirectory(StagingDirectory);
        var staged = Path.Combine(StagingDirectory, Guid.NewGuid().ToString("N"));
        var handedOver = false;
        try
        {
            var (bytes, sha256) = await ReceiveAsync(context.Request.Body, staged, context.RequestAborted);
            if (bytes == 0) return TypedResults.BadRequest(new ApiError("the request body is empty: send the file's bytes"));
            if (context.Request.Headers[AgentRoomFiles.ChecksumHeader].FirstOrDefault() is { Length: > 0 } claimed
                && !string.Equals(claimed, sha256, StringComparison.OrdinalIgnoreCase))
            {
                return TypedResults.UnprocessableEntity(new ApiError($"checksum mismatch: received {sha256}, {AgentRoomFiles.ChecksumHeader} says {claimed}"));
            }
            handedOver = true; // the cluster owns the staged file now
            var done = await proxy.Cluster.Ask<UploadCompleted>(new UploadFile(path!, staged, bytes, sha256), TransferTimeout);
            return TypedResults.Ok(new UploadView(done.Path, done.Bytes, done.Sha256, done.Rooms.All(r => r.Ok),
                done.Rooms.Select(r => new RoomUploadView(r.Name, r.Ok, r.Error, r.Ms, r.Pending)).ToList()));
        }
        catch (AskTimeoutException)
        {
            return TypedResults.Json(new ApiError($"the rooms did not all store {path} within {TransferTimeout.TotalMinutes:0} minutes"),
                statusCode: StatusCodes.Status504GatewayTimeout);
        }
        finally
        {
            if (!handedOver && File.Exists(staged)) File.Delete(staged);
        }
    }

    private static async Task<(long Bytes, string Sha256)> ReceiveAsync(Stream body, string staged, CancellationToken ct)
    {
        await using var file = new FileStream(staged, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        return await HashingCopy.CopyAsync(body, file, ct);
    }

    private static async Task<IResult> Sync(string name, ProxyHostedService host)
    {
        if (host.Proxy is not { } proxy) return NotRunning();
        try
        {
            var done = await proxy.Cluster.Ask<LibrarySynced>(new SyncRoomLibrary(name), TransferTimeout);
            return done.Found
                ? TypedResults.Ok(new { name = done.Name, copied = done.Copied, errors = done.Errors })
                : TypedResults.NotFound(new ApiError($"no room is named '{name}'"));
        }
        catch (AskTimeoutException)
        {
            return TypedResults.Json(new ApiError($"the library of {name} was not brought up to date within {TransferTimeout.TotalMinutes:0} minutes"),
                statusCode: StatusCodes.Status504GatewayTimeout);
        }
    }

    private static IResult NotRunning() => TypedResults.Json(new ApiError("the proxy is not running"),
        statusCode: StatusCodes.Status503ServiceUnavailable);
}

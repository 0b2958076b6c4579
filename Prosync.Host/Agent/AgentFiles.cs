using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Prosync.Host.Api;
using Prosync.Actors.Library;

namespace Prosync.Host.Agent;

/// <summary>
/// The agent's HTTP endpoints (docs/registry-protocol.md, "Agent endpoints"): files out (whole or ranges, with their
/// checksum), files in (verified, then MPD's database updated), the library listing, the measurement stream, health.
/// </summary>
public sealed class AgentFiles(AgentOptions options, AgentMpd mpd, FileChecksums checksums, Serilog.ILogger logger)
{
    /// <summary>Upper bound of a measurement transfer (64 MiB): enough for any link, not a way to tie the agent up.</summary>
    public const long MaxMeasureBytes = 64L << 20;

    private static readonly TimeSpan UpdateTimeout = TimeSpan.FromSeconds(30);
    private static readonly byte[] Zeros = new byte[1 << 16];

    private readonly ConcurrentDictionary<string, SemaphoreSlim> _writing = new(StringComparer.Ordinal);
    private readonly Serilog.ILogger _log = logger.ForContext<AgentFiles>();

    public void Map(IEndpointRouteBuilder app)
    {
        app.MapMethods("/v1/files", [HttpMethods.Get, HttpMethods.Head], GetFile);
        app.MapPut("/v1/files", PutFile);
        app.MapGet("/v1/library", GetLibrary);
        app.MapGet("/v1/measure", Measure);
        app.MapGet("/v1/health", Health);
    }

    private async Task<IResult> GetFile(HttpContext context, string? path)
    {
        if (!LibraryPath.TryResolve(options.MusicDirectory, path, out var full, out var error))
        {
            return BadRequest($"{error}: {LibraryPath.QueryHint}");
        }
        if (!File.Exists(full))
        {
            return TypedResults.NotFound(new ApiError($"no file '{path}' in {options.Name}'s music directory"));
        }
        context.Response.Headers[AgentRoomFiles.ChecksumHeader] = await checksums.GetAsync(full, context.RequestAborted);
        if (HttpMethods.IsHead(context.Request.Method))
        {
            context.Response.Headers.AcceptRanges = "bytes";
            context.Response.ContentType = "application/octet-stream";
            context.Response.ContentLength = new FileInfo(full).Length;
            return TypedResults.Empty;
        }
        // The BCL's file result does ranges (206, 416, Accept-Ranges) and If-* headers.
        return TypedResults.PhysicalFile(full, "application/octet-stream", enableRangeProcessing: true);
    }

    private async Task<IResult> PutFile(HttpContext context, string? path)
    {
        if (!LibraryPath.TryResolve(options.MusicDirectory, path, out var full, out var error))
        {
            return BadRequest($"{error}: {LibraryPath.QueryHint}");
        }
        var expected = context.Request.Headers[AgentRoomFiles.ChecksumHeader].ToString().Trim().ToLowerInvariant();
        if (expected.Length != 64 || !expected.All(Uri.IsHexDigit))
        {
            return BadRequest($"header {AgentRoomFiles.ChecksumHeader} must carry the file's SHA-256 (64 hex digits)");
        }
        var gate = _writing.GetOrAdd(full, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(context.RequestAborted);
        var part = full + LibraryPath.PartSuffix;
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            long bytes;
            string actual;
            await using (var file = new FileStream(part, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
                (bytes, actual) = await HashingCopy.CopyAsync(context.Request.Body, file, context.RequestAborted);
            if (actual != expected)
            {
                File.Delete(part);
                _log.Warning("Refused {Path}: checksum {Actual} is not the announced {Expected}", path, actual, expected);
                return TypedResults.UnprocessableEntity(new ApiError(
                    $"checksum mismatch for '{path}': received {bytes} bytes with SHA-256 {actual}, announced {expected}; nothing was written"));
            }
            File.Move(part, full, overwrite: true);
            checksums.Remember(full, actual);
            _log.Information("Received {Path} ({Bytes} bytes); updating MPD's database", path, bytes);
            var update = await mpd.UpdateAndWaitAsync(path!, UpdateTimeout, context.RequestAborted);
            if (!update.InDatabase)
            {
                _log.Warning("{Path}: {Detail}", path, update.Detail);
                return TypedResults.Json(new ApiError($"'{path}' was written ({bytes} bytes, checksum verified) but {update.Detail}"),
                    statusCode: update.Result == DatabaseUpdateResult.TimedOut
                        ? StatusCodes.Status504GatewayTimeout
                        : StatusCodes.Status422UnprocessableEntity);
            }
            return TypedResults.Ok(new PutFileResult(path!, bytes, actual, (long)update.Elapsed.TotalMilliseconds));
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            TryDelete(part);
            return TypedResults.Empty; // the client is gone; nobody reads an answer
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(part);
            return TypedResults.Json(new ApiError($"could not write '{path}': {e.Message}"), statusCode: StatusCodes.Status500InternalServerError);
        }
        finally
        {
            gate.Release();
        }
    }

    private IResult GetLibrary()
    {
        var root = options.MusicDirectory;
        var files = Directory.EnumerateFiles(root, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true })
            .Where(f => !f.EndsWith(LibraryPath.PartSuffix, StringComparison.Ordinal))
            .Select(f => new FileInfo(f))
            .Select(f => new LibraryFile(
                Path.GetRelativePath(root, f.FullName).Replace(Path.DirectorySeparatorChar, '/'),
                f.Length,
                new DateTimeOffset(f.LastWriteTimeUtc, TimeSpan.Zero)))
            .OrderBy(f => f.Path, StringComparer.Ordinal)
            .ToList();
        return TypedResults.Ok(new LibraryListing(files));
    }

    private static async Task<IResult> Measure(HttpContext context, string? bytes)
    {
        if (!long.TryParse(bytes, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count > MaxMeasureBytes)
        {
            return BadRequest($"bytes must be a whole number from 0 to {MaxMeasureBytes}");
        }
        var response = context.Response;
        response.ContentType = "application/octet-stream";
        response.ContentLength = count;
        response.Headers.CacheControl = "no-store";
        for (var left = count; left > 0;)
        {
            var chunk = (int)Math.Min(left, Zeros.Length);
            await response.Body.WriteAsync(Zeros.AsMemory(0, chunk), context.RequestAborted);
            left -= chunk;
        }
        return TypedResults.Empty;
    }

    private async Task<IResult> Health(CancellationToken ct)
        => TypedResults.Ok(new AgentHealth(options.Name, options.Mpd.ToString(), options.MusicDirectory, await mpd.PingAsync(ct)));

    private static IResult BadRequest(string message) => TypedResults.BadRequest(new ApiError(message));

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Left behind: it is never served or listed, and the next PUT of the same path overwrites it.
        }
    }

    private sealed record PutFileResult(string Path, long Bytes, string Sha256, long UpdateMs);

    private sealed record LibraryFile(string Path, long Bytes, DateTimeOffset Modified);

    private sealed record LibraryListing(IReadOnlyList<LibraryFile> Files);

    private sealed record AgentHealth(string Name, string Mpd, string MusicDir, bool MpdAnswers);
}

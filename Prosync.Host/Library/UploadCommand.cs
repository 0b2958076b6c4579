using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Prosync.Actors.Library;
using Prosync.Host.Api;
using Prosync.Host.Configuration;
using Prosync.Host.Hosting;

namespace Prosync.Host.Library;

/// <summary>
/// The <c>upload</c> verb: each file to <c>POST /api/library/files</c> of a running Prosync, with a text progress bar
/// on stderr (bytes sent), then a line on stderr each time a room's state changes while the rooms store it (from
/// <c>GET /api/library/uploads</c>), and the rooms' results on stdout.
/// </summary>
public static class UploadCommand
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken stop)
    {
        if (args.Any(a => a is "-h" or "--help"))
        {
            await stdout.WriteAsync(UploadCommandLine.Usage);
            return ExitCode.Ok;
        }
        UploadCommandLine options;
        try
        {
            options = UploadCommandLine.Parse(args);
        }
        catch (InvalidSettingsException e)
        {
            await stderr.WriteLineAsync($"error: {e.Message}");
            await stderr.WriteLineAsync("Run upload --help for usage.");
            return ExitCode.BadUsage;
        }

        using var http = new HttpClient { BaseAddress = new Uri($"http://{options.Proxy}/"), Timeout = Timeout.InfiniteTimeSpan };
        var allDone = true;
        foreach (var file in options.Files)
        {
            var path = options.LibraryPathOf(file);
            try
            {
                allDone &= await UploadAsync(http, file, path, stdout, stderr, stop);
            }
            catch (HttpRequestException e)
            {
                await stderr.WriteLineAsync($"error: cannot reach Prosync at {options.Proxy}: {e.Message}");
                return ExitCode.Failed;
            }
        }
        return allDone ? ExitCode.Ok : ExitCode.Failed;
    }

    private static async Task<bool> UploadAsync(HttpClient http, string file, string path, TextWriter stdout, TextWriter stderr,
        CancellationToken stop)
    {
        string sha256;
        await using (var hashing = File.OpenRead(file))
            sha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(hashing, stop));
        await using var content = File.OpenRead(file);
        var bar = new ProgressBar(stderr, path, content.Length);
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/library/files?path=" + Uri.EscapeDataString(path))
        {
            Content = new ProgressContent(content, bar.Report),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        request.Content.Headers.ContentLength = content.Length;
        request.Headers.Add(AgentRoomFiles.ChecksumHeader, sha256);
        var before = await UploadIdsAsync(http, stop);
        var clock = Stopwatch.StartNew();
        using var following = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var follow = before is null ? Task.CompletedTask : FollowRoomsAsync(http, path, before, bar, stderr, following.Token);
        HttpResponseMessage answer;
        try
        {
            answer = await http.SendAsync(request, stop);
        }
        finally
        {
            await following.CancelAsync();
            await follow;
        }
        using var response = answer;
        bar.Finish();
        if (!response.IsSuccessStatusCode)
        {
            var error = await HttpErrorText.ReadAsync(response, stop);
            await stderr.WriteLineAsync($"{path}: failed ({(int)response.StatusCode}): {error}");
            return false;
        }
        var result = await response.Content.ReadFromJsonAsync<UploadView>(JsonSerializerOptions.Web, stop)
            ?? throw new HttpRequestException("the proxy sent an empty answer");
        await stderr.WriteLineAsync($"{path}: {result.Rooms.Count(r => r.Ok)}/{result.Rooms.Count} rooms in {clock.ElapsedMilliseconds} ms");
        foreach (var room in result.Rooms)
        {
            var outcome = room.Ok ? $"ok {room.Ms} ms sha256 {result.Sha256}" : room.Pending ? $"pending: {room.Error}" : $"failed: {room.Error}";
            await stdout.WriteLineAsync($"{path}\t{room.Name}\t{outcome}");
        }
        return result.Complete;
    }

    private sealed record UploadsAnswer(IReadOnlyList<UploadProgressView> Uploads);

    /// <summary>The uploads the proxy lists now; null when it cannot say (an older proxy): the rooms are then not followed.</summary>
    private static async Task<HashSet<Guid>?> UploadIdsAsync(HttpClient http, CancellationToken ct)
    {
        try
        {
            var answer = await http.GetFromJsonAsync<UploadsAnswer>("api/library/uploads", JsonSerializerOptions.Web, ct);
            return answer?.Uploads.Select(u => u.Id).ToHashSet();
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>
    /// Until cancelled (the proxy answered), polls the uploads twice a second and writes a line when a room of this upload
    /// (the newest of <paramref name="path"/> not in <paramref name="before"/>) changes state: queued, copying, updating
    /// MPD, done, failed or waiting for the room.
    /// </summary>
    private static async Task FollowRoomsAsync(HttpClient http, string path, HashSet<Guid> before, ProgressBar bar, TextWriter stderr,
        CancellationToken ct)
    {
        var said = new Dictionary<string, string>(StringComparer.Ordinal);
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(500));
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                UploadsAnswer? answer;
                try
                {
                    answer = await http.GetFromJsonAsync<UploadsAnswer>("api/library/uploads", JsonSerializerOptions.Web, ct);
                }
                catch (Exception e) when (e is HttpRequestException or JsonException)
                {
                    continue; // the upload's own answer says what happened
                }
                if (answer?.Uploads.LastOrDefault(u => u.Path == path && !before.Contains(u.Id)) is not { } mine) continue;
                foreach (var room in mine.Rooms)
                {
                    var state = room.State == "copying" ? $"copying ({room.BytesCopied * 100 / Math.Max(1, mine.Bytes)}%)" : room.State;
                    if (said.GetValueOrDefault(room.Name) == state) continue;
                    said[room.Name] = state;
                    bar.Finish();
                    await stderr.WriteLineAsync($"  {room.Name}: {state}{(room.Error is { } why ? $" ({why})" : "")}");
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    /// <summary>A file body that reports how much of it has been sent.</summary>
    private sealed class ProgressContent(Stream content, Action<long> report) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context, CancellationToken cancellationToken)
        {
            var buffer = new byte[1 << 16];
            long sent = 0;
            int read;
            while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
            {
                await stream.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                sent += read;
                report(sent);
            }
        }

        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) =>
            SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override bool TryComputeLength(out long length)
        {
            length = content.Length;
            return true;
        }
    }

    /// <summary><c>path  [#########.........]  12.0/30.0 MB</c>, redrawn in place at most ten times a second.</summary>
    private sealed class ProgressBar(TextWriter output, string label, long total)
    {
        private const int Width = 30;
        private readonly Stopwatch _since = Stopwatch.StartNew();
        private long _lastDrawn = -1;
        private bool _finished;

        public void Report(long sent)
        {
            if (_finished) return;
            if (sent < total && _lastDrawn >= 0 && _since.ElapsedMilliseconds - _lastDrawn < 100) return;
            _lastDrawn = _since.ElapsedMilliseconds;
            var filled = total == 0 ? Width : (int)(Width * sent / total);
            output.Write(string.Create(CultureInfo.InvariantCulture,
                $"\r{label}  [{new string('#', filled)}{new string('.', Width - filled)}]  {sent / 1e6:0.0}/{total / 1e6:0.0} MB"));
            if (sent >= total)
            {
                // The proxy answers once every room's database has the file: say what the wait is.
                output.WriteLine("  sent; every room is storing it");
                _finished = true;
            }
            output.Flush();
        }

        /// <summary>Ends the line if the last report did not (an answer before the whole body went out).</summary>
        public void Finish()
        {
            if (_finished) return;
            output.WriteLine();
            _finished = true;
        }
    }
}

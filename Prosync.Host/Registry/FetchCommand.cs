using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Prosync.Actors.Library;
using Prosync.Actors.Library.Selection;
using Prosync.Host.Agent;
using Prosync.Host.Configuration;
using Prosync.Host.Hosting;

namespace Prosync.Host.Registry;

/// <summary>
/// The <c>fetch</c> verb: downloads a song from the best room. <c>--selection client</c> gets the holders from the
/// proxy and measures each itself (as the proxy would, from here); <c>--selection network</c> asks the proxy, which
/// ranks by its own measurements. The file is written to <c>FILE.prosync-part</c> and renamed once its SHA-256
/// matches the agent's.
/// </summary>
public static class FetchCommand
{
    public static string Usage { get; } = """
        Prosync fetch: downloads a song from the room that serves it best.

        Usage: Prosync.Host fetch PATH -o FILE [--selection client|network] [--optimize latency|throughput]
                                  [--proxy HOST:HTTPPORT]

          PATH                   the song, relative to the music directory (as MPD names it).
          -o, --output FILE      where to write it.
          --selection MODE       client (default): measure every room from here and choose;
                                 network: ask the proxy, which chooses by its own measurements.
          --optimize GOAL        throughput (default, for whole files) or latency (for small reads).
          --proxy HOST:HTTPPORT  the proxy's HTTP (dashboard) address (default 127.0.0.1:8080).

        """;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The client-side throughput probe: as the proxy's (1–4 MiB is dominated by bandwidth, not the round trip).</summary>
    private const long ProbeBytes = 2L << 20;

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken stop)
    {
        if (args.Any(a => a is "-h" or "--help"))
        {
            await stdout.WriteAsync(Usage);
            return ExitCode.Ok;
        }
        string path, output;
        bool network;
        ReplicaOptimization goal;
        HostPort proxy;
        try
        {
            var parsed = VerbArguments.Parse(args, ["--output", "--selection", "--optimize", "--proxy"], positional: 1,
                new Dictionary<string, string> { ["-o"] = "--output" });
            path = parsed.Positional[0];
            if (!LibraryPath.TryValidate(path, out var error))
            {
                throw new InvalidSettingsException(error);
            }
            output = parsed.Flags.TryGetValue("--output", out var o) ? o : throw new InvalidSettingsException("fetch needs -o FILE");
            network = (parsed.Flags.GetValueOrDefault("--selection") ?? "client") switch
            {
                "client" => false,
                "network" => true,
                var s => throw new InvalidSettingsException($"--selection: '{s}' is not client or network"),
            };
            goal = (parsed.Flags.GetValueOrDefault("--optimize") ?? "throughput") switch
            {
                "latency" => ReplicaOptimization.Latency,
                "throughput" => ReplicaOptimization.Throughput,
                var s => throw new InvalidSettingsException($"--optimize: '{s}' is not latency or throughput"),
            };
            proxy = HostPort.Parse(parsed.Flags.GetValueOrDefault("--proxy") ?? "127.0.0.1:8080", "--proxy");
        }
        catch (InvalidSettingsException e)
        {
            await stderr.WriteLineAsync($"error: fetch: {e.Message}");
            await stderr.WriteLineAsync("Run with fetch --help for usage.");
            return ExitCode.BadUsage;
        }

        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var query = $"http://{proxy}/api/library/replicas?path={Uri.EscapeDataString(path)}";
        try
        {
            ReplicaHolder best;
            if (network)
            {
                using var response = await http.GetAsync($"{query}&selection=network&optimize={goal.ToString().ToLowerInvariant()}", stop);
                if (!response.IsSuccessStatusCode)
                {
                    return await FailAsync(stderr, $"the proxy answered {(int)response.StatusCode}: {await HttpErrorText.ReadAsync(response, stop)}");
                }
                var answer = (await response.Content.ReadFromJsonAsync<NetworkAnswer>(Json, stop))!;
                foreach (var r in answer.Replicas)
                {
                    await stdout.WriteLineAsync(Describe(r, "proxy measured"));
                }
                best = answer.Best;
                if (best.Agent is null)
                {
                    // The proxy's best is a room it reads from its own disk; this client can only download from agents.
                    var withAgents = answer.Replicas.Where(r => r.Agent is not null).ToList();
                    if (withAgents.Count == 0)
                    {
                        return await FailAsync(stderr, $"no room with an agent holds '{path}' (the proxy's best, {best.Name}, is a local directory)");
                    }
                    var ranked = ReplicaRanking.Rank([.. withAgents.Select(r => r.Name)], goal, name => withAgents.First(r => r.Name == name) is var r
                        ? new ReplicaMeasurement(r.Name, r.LatencyMs, r.ThroughputMBps * 1e6, r.MeasuredAt, r.Method)
                        : null);
                    best = withAgents.First(r => r.Name == ranked[0]);
                }
            }
            else
            {
                using var response = await http.GetAsync(query, stop);
                if (!response.IsSuccessStatusCode)
                {
                    return await FailAsync(stderr, $"the proxy answered {(int)response.StatusCode}: {await HttpErrorText.ReadAsync(response, stop)}");
                }
                var holders = (await response.Content.ReadFromJsonAsync<List<ReplicaHolder>>(Json, stop))!
                    .Where(h => h.Agent is not null)
                    .ToList();
                if (holders.Count == 0)
                {
                    return await FailAsync(stderr, $"no room with an agent holds '{path}'");
                }
                var measured = new ReplicaMeasurements();
                foreach (var holder in holders)
                {
                    try
                    {
                        var (latency, rate) = await ReplicaProber.ProbeAgentAsync(http, holder.Agent!, ProbeBytes, null, stop);
                        measured.RecordLatency(holder.Name, FileTransfer.AgentMethod, latency);
                        if (rate is { } r)
                        {
                            measured.RecordThroughput(holder.Name, FileTransfer.AgentMethod, ProbeBytes, TimeSpan.FromSeconds(ProbeBytes / r));
                        }
                    }
                    catch (Exception e) when (e is HttpRequestException or IOException or SocketException)
                    {
                        await stdout.WriteLineAsync($"  {holder.Name}: not measurable from here ({e.Message})");
                    }
                }
                var views = holders.Select(h => measured.Get(h.Name) is { } m
                    ? h with { LatencyMs = m.LatencyMs, ThroughputMBps = m.ThroughputMBps, MeasuredAt = m.MeasuredAt }
                    : h with { LatencyMs = null, ThroughputMBps = null, MeasuredAt = null }).ToList();
                foreach (var v in views)
                {
                    await stdout.WriteLineAsync(Describe(v, "measured here"));
                }
                var ranked = new MeasuredReplicaChooser(measured).Rank([.. views.Select(v => v.Name)], goal);
                best = views.First(v => v.Name == ranked[0]);
            }
            if (best.Agent is null)
            {
                return await FailAsync(stderr, $"the best room, {best.Name}, has no agent to download from (a local music directory)");
            }
            await stdout.WriteLineAsync($"chose {best.Name} ({goal.ToString().ToLowerInvariant()}, selection={(network ? "network" : "client")})");
            return await DownloadAsync(http, best, path, output, stdout, stderr, stop);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or SocketException or JsonException)
        {
            return await FailAsync(stderr, e.Message);
        }
    }

    private static async Task<int> DownloadAsync(HttpClient http, ReplicaHolder from, string path, string output,
        TextWriter stdout, TextWriter stderr, CancellationToken stop)
    {
        var watch = Stopwatch.StartNew();
        using var response = await http.GetAsync($"{from.Agent}/v1/files?path={Uri.EscapeDataString(path)}", HttpCompletionOption.ResponseHeadersRead, stop);
        if (!response.IsSuccessStatusCode)
        {
            return await FailAsync(stderr, $"{from.Name}'s agent answered {(int)response.StatusCode}: {await HttpErrorText.ReadAsync(response, stop)}");
        }
        var expected = response.Headers.TryGetValues(AgentRoomFiles.ChecksumHeader, out var values) ? values.First() : null;
        var part = output + LibraryPath.PartSuffix;
        long bytes;
        string actual;
        await using (var file = new FileStream(part, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
        await using (var body = await response.Content.ReadAsStreamAsync(stop))
            (bytes, actual) = await HashingCopy.CopyAsync(body, file, stop);
        if (expected is null || !expected.Equals(actual, StringComparison.OrdinalIgnoreCase))
        {
            File.Delete(part);
            return await FailAsync(stderr, $"checksum mismatch: {from.Name} announced {expected ?? "none"}, received {actual}; nothing written");
        }
        File.Move(part, output, overwrite: true);
        var seconds = watch.Elapsed.TotalSeconds;
        await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"fetched {path} from {from.Name}: {bytes} bytes in {seconds:0.000} s ({bytes / seconds / 1e6:0.00} MB/s), sha256 {actual} verified -> {output}"));
        return ExitCode.Ok;
    }

    private static string Describe(ReplicaHolder r, string how) => string.Create(CultureInfo.InvariantCulture,
        $"  {r.Name}: latency {(r.LatencyMs is { } l ? $"{l:0.0} ms" : "?")}, throughput {(r.ThroughputMBps is { } t ? $"{t:0.00} MB/s" : "?")} ({how})");

    private static async Task<int> FailAsync(TextWriter stderr, string message)
    {
        await stderr.WriteLineAsync($"error: fetch: {message}");
        return ExitCode.Failed;
    }

    private sealed record NetworkAnswer(ReplicaHolder Best, string Optimize, IReadOnlyList<ReplicaHolder> Replicas);
}

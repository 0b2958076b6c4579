using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Prosync.Actors.Proxy;
using Prosync.Bench.Library;
using Prosync.Bench.Report;
using Prosync.Host.Hosting;
using Prosync.Host.Lab;
using Prosync.Host.Registry;

namespace Prosync.Bench.Sections;

/// <summary>
/// The library and its replicas: four rooms, each a real MPD with a real agent process behind a bandwidth-capped
/// relay (3, 6, 12, 24 MB/s), registered with a proxy (in this process, its HTTP API on a free port).
/// (a) 20 songs (~3 MB each) the fourth room lacks are copied to it from the replica Prosync names (network selection,
/// by throughput), then from each replica alone: the ratio to the best in hindsight.
/// (b) 30 MB uploaded to all four rooms through <c>POST /api/library/files</c> (the library branch's endpoint),
/// against each room's copy alone (a PUT to its agent).
/// (c) An agent killed: how long until the registry drops it; restarted: how long until it is registered again.
/// </summary>
public static class LibrarySection
{
    public sealed record CopyRun(string Source, double Seconds, long Bytes, IReadOnlyDictionary<string, int> Chosen);

    public sealed record Result(
        IReadOnlyList<RoomLink> Rooms,
        CopyRun Prosync,
        IReadOnlyList<CopyRun> Alone,
        double ReplicationRatio,
        IReadOnlyList<CopyRun> UploadAlone,
        double? UploadSeconds,
        string UploadNote,
        double? UploadRatio,
        double TimeoutSeconds,
        double DroppedAfterSeconds,
        double KeepaliveSeconds,
        double RegisteredAgainAfterSeconds,
        string Load);

    public sealed record RoomLink(string Name, double CapMBps, double? MeasuredMBps, double? LatencyMs);

    private static readonly (string Name, double CapMBps)[] Links = [("r1", 3), ("r2", 6), ("r3", 12), ("r4", 24)];
    private const string Target = "r4";
    private const double KeepaliveSeconds = 3;

    public static async Task<Result> RunAsync(BenchContext ctx)
    {
        ctx.Say("library: 4 rooms with agents behind 3/6/12/24 MB/s links; replication, upload, agent loss");
        var files = await LibraryBenchFiles.PrepareAsync();
        var root = Path.Combine(Path.GetTempPath(), "prosync-bench", "library-run-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        var owned = new List<IAsyncDisposable>();
        var agents = new Dictionary<string, AgentChild>();
        Directory.CreateDirectory(ctx.Results.Directory);
        using var agentLog = new StreamWriter(Path.Combine(ctx.Results.Directory, "library-agents.log")) { AutoFlush = true };
        WebApplication? app = null;
        try
        {
            var homeDir = Directory.CreateDirectory(Path.Combine(root, "home")).FullName;
            var home = await MpdProcess.StartAsync(homeDir, new MpdProcessOptions { Name = "home" });
            owned.Add(home);
            var registry = RegistryOptions.Default with { ProbeInterval = TimeSpan.FromMinutes(5) }; // no probe inside the timed runs
            var builder = ProsyncApp.CreateBuilder();
            ProsyncApp.Configure(builder, new ProsyncAppOptions
            {
                Proxy = new ProxyOptions { Listen = new IPEndPoint(IPAddress.Loopback, 0), Servers = [new ServerEndpoint("home", home.Host, home.Port)] },
                Http = new IPEndPoint(IPAddress.Loopback, 0),
                Registry = registry,
            }, ctx.ProxyLog("library"));
            app = ProsyncApp.Build(builder);
            await app.StartAsync();
            var proxyUrl = new Uri(ProsyncApp.DashboardUrl(app));
            using var api = new HttpClient { BaseAddress = proxyUrl, Timeout = TimeSpan.FromMinutes(5) };
            var registryAddress = $"{proxyUrl.Host}:{proxyUrl.Port}";

            var rooms = new Dictionary<string, (MpdProcess Mpd, string Dir, string Agent, int Port)>();
            foreach (var (name, cap) in Links)
            {
                var dir = Directory.CreateDirectory(Path.Combine(root, name)).FullName;
                if (name != Target)
                {
                    Directory.CreateDirectory(Path.Combine(dir, "replicate"));
                    foreach (var f in files.Replicated) File.Copy(Path.Combine(files.Directory, f), Path.Combine(dir, f));
                }
                var mpd = await MpdProcess.StartAsync(dir, new MpdProcessOptions { Name = name });
                owned.Add(mpd);
                var port = FreePort();
                var relay = BandwidthRelay.Start("127.0.0.1", port, cap * 1e6);
                owned.Insert(0, relay);
                var agentUrl = $"http://127.0.0.1:{relay.Port}";
                agents[name] = await AgentChild.StartAsync(name, registryAddress, $"{mpd.Host}:{mpd.Port}", dir, port, agentUrl, KeepaliveSeconds, agentLog);
                rooms[name] = (mpd, dir, agentUrl, port);
            }
            await Until(async () => (await Measurements(api)).Count(m => m.Value.Throughput is not null) == Links.Length, TimeSpan.FromSeconds(60),
                "the proxy did not measure every replica");
            var measured = await Measurements(api);
            var links = Links.Select(l => new RoomLink(l.Name, l.CapMBps, measured[l.Name].Throughput, measured[l.Name].Latency)).ToList();

            using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };

            // (a) replication
            ctx.Say("library: replicating 20 songs to r4 from Prosync's choice, then from each replica alone");
            // Untimed: one song from each source first, so no run pays for first connections or JIT.
            foreach (var (name, _) in Links.Where(l => l.Name != Target))
            {
                await CopyAsync(http, rooms[name].Agent, files.Replicated[0], rooms[Target].Agent, $"warm-up/{name}.flac");
            }
            var chosen = new Dictionary<string, int>();
            var watch = Stopwatch.StartNew();
            long bytes = 0;
            // The plan first (every song's best source, asked of the proxy at once: lookups are round trips, copies are
            // bandwidth), then the copies; both are timed.
            var plan = await Task.WhenAll(files.Replicated.Select(async file =>
            {
                var answer = await api.GetFromJsonAsync<JsonElement>(
                    $"api/library/replicas?path={Uri.EscapeDataString(file)}&selection=network&optimize=throughput");
                var best = answer.GetProperty("best");
                return (File: file, Source: best.GetProperty("name").GetString()!, Agent: best.GetProperty("agent").GetString()!);
            }));
            foreach (var (file, source, agent) in plan)
            {
                chosen[source] = chosen.GetValueOrDefault(source) + 1;
                bytes += await CopyAsync(http, agent, file, rooms[Target].Agent, $"copy-prosync/{file}");
            }
            var prosync = new CopyRun("Prosync's choice", watch.Elapsed.TotalSeconds, bytes, chosen);
            var alone = new List<CopyRun>();
            foreach (var (name, _) in Links.Where(l => l.Name != Target))
            {
                watch.Restart();
                bytes = 0;
                foreach (var file in files.Replicated)
                {
                    bytes += await CopyAsync(http, rooms[name].Agent, file, rooms[Target].Agent, $"copy-{name}/{file}");
                }
                alone.Add(new CopyRun(name, watch.Elapsed.TotalSeconds, bytes, new Dictionary<string, int> { [name] = files.Replicated.Count }));
            }
            var ratio = prosync.Seconds / alone.Min(a => a.Seconds);

            // (b) upload
            ctx.Say("library: 30 MB to each room alone, then to all rooms through POST /api/library/files");
            var big = await File.ReadAllBytesAsync(files.Big);
            var sha = Convert.ToHexStringLower(SHA256.HashData(big));
            var uploadAlone = new List<CopyRun>();
            foreach (var (name, _) in Links)
            {
                watch.Restart();
                await PutAsync(http, rooms[name].Agent, $"upload-alone/big-{name}.flac", big, sha);
                uploadAlone.Add(new CopyRun(name, watch.Elapsed.TotalSeconds, big.Length, new Dictionary<string, int>()));
            }
            double? uploadSeconds = null;
            string uploadNote;
            // Is the endpoint there? An empty body is refused by it (400) but not looked for (404) by a proxy without it.
            using (var probe = await api.PostAsync("api/library/files?path=upload%2Fbig.flac", new ByteArrayContent([])))
            {
                uploadNote = probe.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed
                    ? $"not measured: POST /api/library/files answered {(int)probe.StatusCode} (the upload endpoint is the library branch's; run after the merge)"
                    : "";
            }
            if (uploadNote.Length == 0)
            {
                try
                {
                    watch.Restart();
                    using var content = new ByteArrayContent(big);
                    using var upload = await api.PostAsync("api/library/files?path=upload%2Fbig.flac", content);
                    uploadSeconds = upload.IsSuccessStatusCode ? watch.Elapsed.TotalSeconds : null;
                    uploadNote = upload.IsSuccessStatusCode
                        ? "done: the call returned with every room's database having it"
                        : $"failed: {(int)upload.StatusCode} {await upload.Content.ReadAsStringAsync()}";
                }
                catch (HttpRequestException e)
                {
                    uploadNote = $"failed: {e.Message} (the proxy closed the connection: a request body limit?)";
                }
            }
            var uploadRatio = uploadSeconds / uploadAlone.Max(u => u.Seconds);

            // (c) agent loss and return
            ctx.Say("library: killing r2's agent, then restarting it");
            await agents["r2"].KillAsync();
            watch.Restart();
            await Until(async () => !(await Registered(api)).Contains("r2"), registry.Timeout + TimeSpan.FromSeconds(30), "r2 was never dropped");
            var dropped = watch.Elapsed.TotalSeconds;
            await agents["r2"].DisposeAsync();
            var restarted = await AgentChild.StartAsync("r2", registryAddress, $"{rooms["r2"].Mpd.Host}:{rooms["r2"].Mpd.Port}", rooms["r2"].Dir,
                rooms["r2"].Port, rooms["r2"].Agent, KeepaliveSeconds, agentLog);
            agents["r2"] = restarted;
            await Until(async () => (await Registered(api)).Contains("r2"), TimeSpan.FromSeconds(30), "r2 did not register again");
            var again = restarted.Started.Elapsed.TotalSeconds;

            var result = new Result(links, prosync, alone, ratio, uploadAlone, uploadSeconds, uploadNote, uploadRatio,
                registry.Timeout.TotalSeconds, dropped, KeepaliveSeconds, again, Measure.ProcessStats.LoadAverage());
            Print(ctx, result);
            ctx.Results.Write("library", result);
            return result;
        }
        finally
        {
            foreach (var agent in agents.Values) await agent.DisposeAsync();
            if (app is not null)
            {
                await app.StopAsync();
                await app.DisposeAsync();
            }
            foreach (var o in owned) await o.DisposeAsync();
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static void Print(BenchContext ctx, Result r)
    {
        var inv = CultureInfo.InvariantCulture;
        ctx.Print("\n### library: rooms (agent behind a bandwidth-capped relay) as the proxy measured them\n");
        var rooms = new Table("room", "cap MB/s", "measured MB/s", "latency ms");
        foreach (var l in r.Rooms) rooms.Add(l.Name, l.CapMBps, l.MeasuredMBps?.ToString("0.00", inv) ?? "–", l.LatencyMs?.ToString("0.00", inv) ?? "–");
        ctx.Print(rooms.ToString());
        ctx.Print($"\n### library: replication of {LibraryBenchFiles.ReplicatedCount} songs ({r.Prosync.Bytes / 1e6:0.0} MB) to {Target} (s)\n");
        var copies = new Table("source", "seconds", "MB/s", "chosen");
        foreach (var c in r.Alone.Prepend(r.Prosync))
            copies.Add(c.Source, c.Seconds.ToString("0.00", inv), (c.Bytes / c.Seconds / 1e6).ToString("0.00", inv), string.Join(", ", c.Chosen.Select(p => $"{p.Key}×{p.Value}")));
        ctx.Print(copies.ToString());
        ctx.Print($"Prosync / best in hindsight: {r.ReplicationRatio.ToString("0.00", inv)}\n");
        ctx.Print("\n### library: 30 MB upload (s)\n");
        var upload = new Table("to", "seconds");
        foreach (var u in r.UploadAlone) upload.Add($"{u.Source} alone (PUT to its agent)", u.Seconds.ToString("0.00", inv));
        upload.Add("all 4 through POST /api/library/files", r.UploadSeconds?.ToString("0.00", inv) ?? "–");
        ctx.Print(upload.ToString());
        ctx.Print($"{r.UploadNote}\n");
        ctx.Print($"\nAgent killed: dropped after {r.DroppedAfterSeconds.ToString("0.00", inv)} s (timeout {r.TimeoutSeconds} s); "
            + $"restarted: registered {r.RegisteredAgainAfterSeconds.ToString("0.00", inv)} s after its process started (keepalive {r.KeepaliveSeconds} s). (load {r.Load})\n");
    }

    /// <summary>Streams a file from one agent into another (GET into PUT, the checksum from the source's header).</summary>
    private static async Task<long> CopyAsync(HttpClient http, string from, string path, string to, string targetPath)
    {
        using var get = await http.GetAsync($"{from}/v1/files?path={Uri.EscapeDataString(path)}", HttpCompletionOption.ResponseHeadersRead);
        get.EnsureSuccessStatusCode();
        var sha = get.Headers.GetValues("X-Prosync-Sha256").First();
        using var content = new StreamContent(await get.Content.ReadAsStreamAsync(), 1 << 16);
        content.Headers.ContentLength = get.Content.Headers.ContentLength;
        content.Headers.Add("X-Prosync-Sha256", sha);
        using var put = await http.PutAsync($"{to}/v1/files?path={Uri.EscapeDataString(targetPath)}", content);
        if (!put.IsSuccessStatusCode) throw new InvalidOperationException($"PUT {targetPath}: {(int)put.StatusCode} {await put.Content.ReadAsStringAsync()}");
        return get.Content.Headers.ContentLength ?? 0;
    }

    private static async Task PutAsync(HttpClient http, string agent, string path, byte[] body, string sha)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.Add("X-Prosync-Sha256", sha);
        using var put = await http.PutAsync($"{agent}/v1/files?path={Uri.EscapeDataString(path)}", content);
        if (!put.IsSuccessStatusCode) throw new InvalidOperationException($"PUT {path}: {(int)put.StatusCode} {await put.Content.ReadAsStringAsync()}");
    }

    private static async Task<Dictionary<string, (double? Throughput, double? Latency)>> Measurements(HttpClient api)
    {
        var list = await api.GetFromJsonAsync<JsonElement>("api/library/measurements");
        return list.EnumerateArray().ToDictionary(m => m.GetProperty("replica").GetString()!, m => (
            m.GetProperty("throughputMBps").ValueKind == JsonValueKind.Number ? m.GetProperty("throughputMBps").GetDouble() : (double?)null,
            m.GetProperty("latencyMs").ValueKind == JsonValueKind.Number ? m.GetProperty("latencyMs").GetDouble() : (double?)null));
    }

    private static async Task<IReadOnlyList<string>> Registered(HttpClient api)
        => [.. (await api.GetFromJsonAsync<JsonElement>("api/registry/replicas")).EnumerateArray().Select(r => r.GetProperty("name").GetString()!)];

    private static async Task Until(Func<Task<bool>> condition, TimeSpan within, string failure)
    {
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            if (watch.Elapsed > within) throw new TimeoutException(failure);
            await Task.Delay(50);
        }
    }

    private static int FreePort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }
}

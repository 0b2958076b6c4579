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
/// (a) 20 songs (~3 MB each) the fourth room lacks: Prosync's own replication (<c>POST /api/library/rooms/r4/sync</c>,
/// sources ranked by the measured chooser) until it returns, then the bench's copy loop from each replica alone: the
/// ratio to the best in hindsight. Which link served the bytes is measured at the relays.
/// (b) 30 MB uploaded to all four rooms through <c>POST /api/library/files</c>, against each room's copy alone (a PUT
/// to its agent).
/// (c) An agent killed: how long until the registry drops it; restarted: how long until it is registered again.
/// </summary>
public static class LibrarySection
{
    /// <param name="ServedMB">Per room, the MB its link sent during the run (what the relays counted), rooms that sent next to nothing left out.</param>
    public sealed record CopyRun(string Source, double Seconds, long Bytes, IReadOnlyDictionary<string, double> ServedMB);

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
        var relays = new Dictionary<string, BandwidthRelay>();
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
                relays[name] = relay;
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
            ctx.Say("library: replicating 20 songs to r4 by POST /api/library/rooms/r4/sync, then from each replica alone");
            // Untimed: one song from each source first, so no run pays for first connections or JIT.
            foreach (var (name, _) in Links.Where(l => l.Name != Target))
            {
                await CopyAsync(http, rooms[name].Agent, files.Replicated[0], rooms[Target].Agent, $"warm-up/{name}.flac");
            }
            // The engine's copy path warmed the same way: r3 now lacks the warm-up songs r4 has; its sync is untimed.
            var warmUps = Links.Where(l => l.Name != Target).Select(l => $"warm-up/{l.Name}.flac").ToList();
            await Until(async () => warmUps.All((await MissingIn(api, "r3")).Contains), TimeSpan.FromSeconds(60),
                "the library index never saw r3 lacking the warm-up songs");
            await SyncAsync(api, "r3");
            // The index learns what r4 lacks from its listings (on connect, on MPD database events): wait until it
            // knows exactly the 20 songs, so the timed sync copies those and nothing else.
            await Until(async () => (await MissingIn(api, Target)).Order(StringComparer.Ordinal).SequenceEqual(files.Replicated.Order(StringComparer.Ordinal)),
                TimeSpan.FromSeconds(60), $"the library index never listed {Target} as lacking exactly the {files.Replicated.Count} songs");
            var served = Served(relays);
            var watch = Stopwatch.StartNew();
            var copied = await SyncAsync(api, Target);
            var syncSeconds = watch.Elapsed.TotalSeconds;
            var servedMB = ServedSince(relays, served);
            if (!copied.Order(StringComparer.Ordinal).SequenceEqual(files.Replicated.Order(StringComparer.Ordinal)))
                throw new InvalidOperationException($"the sync of {Target} copied {copied.Count} file(s), not the {files.Replicated.Count} songs: {string.Join(", ", copied)}");
            await CheckReplicatedAsync(rooms[Target].Mpd, rooms[Target].Dir, files.Replicated, Links.Where(l => l.Name != Target).Select(l => rooms[l.Name].Dir));
            var bytes = files.Replicated.Sum(f => new FileInfo(Path.Combine(rooms[Target].Dir, f)).Length);
            var prosync = new CopyRun($"Prosync: POST rooms/{Target}/sync", syncSeconds, bytes, servedMB);
            var alone = new List<CopyRun>();
            foreach (var (name, _) in Links.Where(l => l.Name != Target))
            {
                served = Served(relays);
                watch.Restart();
                bytes = 0;
                foreach (var file in files.Replicated)
                {
                    bytes += await CopyAsync(http, rooms[name].Agent, file, rooms[Target].Agent, $"copy-{name}/{file}");
                }
                alone.Add(new CopyRun(name, watch.Elapsed.TotalSeconds, bytes, ServedSince(relays, served)));
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
                uploadAlone.Add(new CopyRun(name, watch.Elapsed.TotalSeconds, big.Length, new Dictionary<string, double>()));
            }
            double? uploadSeconds = null;
            string uploadNote;
            // Is the endpoint there? An empty body is refused by it (400) but not looked for (404) by a proxy without it.
            using (var probe = await api.PostAsync("api/library/files?path=upload%2Fbig.flac", new ByteArrayContent([])))
            {
                uploadNote = probe.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed
                    ? $"not measured: POST /api/library/files answered {(int)probe.StatusCode}"
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
                        ? "done: " + UploadOutcome(await upload.Content.ReadFromJsonAsync<JsonElement>())
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
        var copies = new Table("source", "seconds", "MB/s", "served (MB, counted at the links)");
        foreach (var c in r.Alone.Prepend(r.Prosync))
            copies.Add(c.Source, c.Seconds.ToString("0.00", inv), (c.Bytes / c.Seconds / 1e6).ToString("0.00", inv),
                string.Join(", ", c.ServedMB.Select(p => $"{p.Key} {p.Value.ToString("0.0", inv)}")));
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

    /// <summary>Asks the proxy to copy every song <paramref name="room"/> lacks; the paths it copied. Any error fails the section.</summary>
    private static async Task<IReadOnlyList<string>> SyncAsync(HttpClient api, string room)
    {
        using var response = await api.PostAsync($"api/library/rooms/{room}/sync", content: null);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"sync of {room}: {(int)response.StatusCode} {body}");
        var answer = JsonDocument.Parse(body).RootElement;
        var errors = answer.GetProperty("errors").EnumerateArray().Select(e => e.GetString()).ToList();
        if (errors.Count > 0) throw new InvalidOperationException($"sync of {room}: {string.Join("; ", errors)}");
        return [.. answer.GetProperty("copied").EnumerateArray().Select(p => p.GetString()!)];
    }

    /// <summary>What the library index says <paramref name="room"/> lacks (empty until the room is listed).</summary>
    private static async Task<IReadOnlyList<string>> MissingIn(HttpClient api, string room)
    {
        var library = await api.GetFromJsonAsync<JsonElement>("api/library");
        var entry = library.GetProperty("rooms").EnumerateArray().FirstOrDefault(r => r.GetProperty("name").GetString() == room);
        return entry.ValueKind == JsonValueKind.Object ? [.. entry.GetProperty("missing").EnumerateArray().Select(m => m.GetString()!)] : [];
    }

    /// <summary>Every song is in the room's MPD database and its bytes are the sources' (SHA-256 against each source room's file).</summary>
    private static async Task CheckReplicatedAsync(MpdProcess mpd, string dir, IReadOnlyList<string> songs, IEnumerable<string> sourceDirs)
    {
        var listed = (await mpd.SendAsync("listall replicate")).Split('\n')
            .Where(l => l.StartsWith("file: ", StringComparison.Ordinal)).Select(l => l["file: ".Length..].Trim()).ToHashSet(StringComparer.Ordinal);
        var absent = songs.Where(s => !listed.Contains(s)).ToList();
        if (absent.Count > 0) throw new InvalidOperationException($"{mpd.Name}'s database lacks {absent.Count} song(s) after the sync: {string.Join(", ", absent)}");
        var sources = sourceDirs.ToList();
        foreach (var song in songs)
        {
            var copy = await Sha256Async(Path.Combine(dir, song));
            foreach (var source in sources)
            {
                if (await Sha256Async(Path.Combine(source, song)) != copy)
                    throw new InvalidOperationException($"{song} in {mpd.Name} differs from the one in {source}");
            }
        }
    }

    private static async Task<string> Sha256Async(string file)
    {
        await using var stream = File.OpenRead(file);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream));
    }

    private static Dictionary<string, long> Served(IReadOnlyDictionary<string, BandwidthRelay> relays)
        => relays.ToDictionary(r => r.Key, r => r.Value.BytesServed);

    /// <summary>
    /// MB each room's link sent since <paramref name="before"/>. Rooms under 50 kB are left out: answers to HEADs and PUTs
    /// are a few hundred bytes each, a song ~3 MB.
    /// </summary>
    private static Dictionary<string, double> ServedSince(IReadOnlyDictionary<string, BandwidthRelay> relays, Dictionary<string, long> before)
        => relays.Select(r => (r.Key, Bytes: r.Value.BytesServed - before[r.Key])).Where(r => r.Bytes >= 50_000)
            .ToDictionary(r => r.Key, r => r.Bytes / 1e6);

    /// <summary>The upload's answer in a line: which rooms have the file, and why the others do not.</summary>
    private static string UploadOutcome(JsonElement answer)
    {
        var rooms = answer.GetProperty("rooms").EnumerateArray().ToList();
        var ok = rooms.Where(r => r.GetProperty("ok").GetBoolean()).Select(r => r.GetProperty("name").GetString());
        var not = rooms.Where(r => !r.GetProperty("ok").GetBoolean()).Select(r => $"{r.GetProperty("name").GetString()}: {r.GetProperty("error").GetString()}").ToList();
        return $"in the databases of {string.Join(", ", ok)}" + (not.Count > 0 ? $" (not {string.Join("; ", not)})" : "");
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

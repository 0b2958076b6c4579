using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Prosync.Actors.Library;
using Prosync.Actors.Library.Selection;
using Prosync.Actors.Proxy;

namespace Prosync.Host.Registry;

/// <summary>
/// Keeps every replica's measurements fresh while it is idle: on registration, then every
/// <see cref="RegistryOptions.ProbeInterval"/>, skipping a replica while a transfer to or from it runs (the library's
/// copies mark their source and target busy and feed the source's observed rate: <see cref="ReplicaMeasurements.RecordCopy"/>). An agent's room: three empty <c>GET /v1/measure</c> round trips (latency) and one
/// of <see cref="RegistryOptions.ProbeBytes"/> (throughput, timed from the first byte to the last so the round trip
/// does not count). A room with only a local music directory: the time to stat the directory, and the rate of reading
/// one of its files (mostly the page cache: it says how fast this machine serves the file, which is what a copy
/// from that room costs).
/// </summary>
public sealed class ReplicaProber(
    RegistryOptions options,
    ReplicaRegistry registry,
    ReplicaMeasurements measurements,
    ProxyOptions proxy,
    TimeProvider clock,
    Serilog.ILogger logger) : BackgroundService
{
    private const int LatencySamples = 3;
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(500);

    private readonly Serilog.ILogger _log = logger.ForContext<ReplicaProber>();
    private readonly ConcurrentDictionary<string, DateTimeOffset> _probedAt = new(StringComparer.Ordinal);
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>Measures one agent now (also used by the <c>fetch</c> verb's client-side selection).</summary>
    public static async Task<(TimeSpan Latency, double? BytesPerSecond)> ProbeAgentAsync(HttpClient http, string agent, long probeBytes,
        Action<TimeSpan>? onLatency, CancellationToken ct)
    {
        var rtts = new List<TimeSpan>();
        for (var i = 0; i < LatencySamples; i++)
        {
            var watch = Stopwatch.StartNew();
            using var response = await http.GetAsync($"{agent}/v1/measure?bytes=0", ct);
            response.EnsureSuccessStatusCode();
            await response.Content.ReadAsByteArrayAsync(ct);
            rtts.Add(watch.Elapsed);
            onLatency?.Invoke(watch.Elapsed);
        }
        var rate = await TimeTransferAsync(http, $"{agent}/v1/measure?bytes={probeBytes}", ct);
        return (rtts.Order().ElementAt(rtts.Count / 2), rate.BytesPerSecond);
    }

    /// <summary>Downloads <paramref name="url"/> into nothing, timing from the first byte to the last.</summary>
    public static async Task<(long Bytes, double? BytesPerSecond)> TimeTransferAsync(HttpClient http, string url, CancellationToken ct)
    {
        using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, ct);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        var buffer = new byte[1 << 16];
        long total = 0;
        Stopwatch? watch = null;
        int read;
        while ((read = await body.ReadAsync(buffer, ct)) > 0)
        {
            watch ??= Stopwatch.StartNew();
            total += read;
        }
        var elapsed = watch?.Elapsed ?? TimeSpan.Zero;
        return (total, elapsed > TimeSpan.Zero && total > buffer.Length ? total / elapsed.TotalSeconds : null);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        registry.Registered += replica => _probedAt.TryRemove(replica.Name, out _);
        using var timer = new PeriodicTimer(Tick, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var now = clock.GetUtcNow();
                var due = (await registry.ListAsync())
                    .Select(r => (r.Name, Agent: (string?)r.Agent, Dir: (string?)null))
                    .Concat(proxy.Servers.Where(s => s.AgentUrl is null && s.MusicDirectory is not null)
                        .Select(s => (s.Name, Agent: (string?)null, Dir: s.MusicDirectory)))
                    .Where(r => !measurements.IsTransferring(r.Name)
                        && (!_probedAt.TryGetValue(r.Name, out var at) || now - at >= options.ProbeInterval))
                    .ToList();
                // One at a time: probes in parallel would share this machine's link and measure each other.
                foreach (var (name, agent, dir) in due)
                {
                    if (measurements.IsTransferring(name))
                    {
                        continue; // a copy began while the probes before this one ran: it feeds its own rate
                    }
                    _probedAt[name] = now;
                    await ProbeAsync(name, agent, dir, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task ProbeAsync(string name, string? agent, string? dir, CancellationToken ct)
    {
        try
        {
            if (agent is not null)
            {
                var (_, rate) = await ProbeAgentAsync(_http, agent, options.ProbeBytes,
                    rtt => measurements.RecordLatency(name, FileTransfer.AgentMethod, rtt), ct);
                if (rate is { } bytesPerSecond)
                {
                    measurements.RecordThroughput(name, FileTransfer.AgentMethod, options.ProbeBytes, TimeSpan.FromSeconds(options.ProbeBytes / bytesPerSecond));
                }
                if ((await registry.ListAsync()).All(r => r.Name != name))
                {
                    measurements.Forget(name); // dropped while it was being measured
                }
            }
            else if (dir is not null)
            {
                await ProbeLocalAsync(name, dir, ct);
            }
        }
        catch (Exception e) when (e is HttpRequestException or IOException or UnauthorizedAccessException
                                      || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            _log.Debug("Could not measure replica {Name}: {Error}", name, e.Message);
        }
    }

    private async Task ProbeLocalAsync(string name, string dir, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var file = new DirectoryInfo(dir)
            .EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true })
            .Take(200)
            .MaxBy(f => f.Length);
        measurements.RecordLatency(name, FileTransfer.LocalMethod, watch.Elapsed);
        if (file is null)
        {
            return;
        }
        var buffer = new byte[1 << 16];
        await using var stream = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 1, useAsync: true);
        watch.Restart();
        long total = 0;
        int read;
        while (total < options.ProbeBytes && (read = await stream.ReadAsync(buffer, ct)) > 0)
        {
            total += read;
        }
        measurements.RecordThroughput(name, FileTransfer.LocalMethod, total, watch.Elapsed);
    }

    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }
}

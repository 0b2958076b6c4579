using System.Diagnostics;
using Prosync.Actors.Cluster;
using Prosync.Actors.Servers;
using Prosync.Bench.Lab;
using Prosync.Bench.Measure;
using Prosync.Bench.Report;
using Prosync.Bench.Skew;

namespace Prosync.Bench.Sections;

/// <summary>
/// "Nothing lost": rooms playing on lan; kill -9 one MPD, time until the proxy has it Down, restart it, time
/// until it is InSync again, and how far its playback position is from the others' afterwards (measured on
/// direct connections), next to the proxy's own resync record. Each room is killed in turn, the primary included.
/// </summary>
public static class RecoverySection
{
    public sealed record Repetition(
        string Room,
        bool WasPrimary,
        double DownDetectedMs,
        double RestartMs,
        double InSyncAfterRestartMs,
        double PositionErrorMs,
        double PositionSpreadMs,
        double ProxyResyncDurationMs,
        double ProxyPositionErrorMs,
        bool ProxyReplayed,
        string[] StatesAfter);

    public sealed record Result(double BaselineSpreadMs, IReadOnlyList<Repetition> Repetitions, Summary DownDetected, Summary InSyncAfterRestart,
        Summary AbsPositionError, string Load);

    public static async Task<Result> RunAsync(BenchContext ctx, BenchLab lab)
    {
        ctx.Say("recovery: kill -9 / restart one room at a time");
        var log = ctx.ProxyLog("recovery");
        await using var proxy = await InProcessProxy.StartAsync(lab, ClusterOptions.Default, log, TimeSpan.FromSeconds(60));
        using (var client = MpdClient.Connect("127.0.0.1", proxy.Port))
        {
            var status = client.Run("status");
            if (status.Get("state") != "play")
            {
                client.Run("play 0");
            }
        }

        await Task.Delay(3000);
        var rooms = lab.Servers.Select(s => (s.Host, s.Port)).ToArray();
        var baseline = PlaybackPosition.Measure(rooms, TimeSpan.FromMilliseconds(500));
        var baselineSpread = baseline.Max(r => r.OffsetMs) - baseline.Min(r => r.OffsetMs);
        var repetitions = new List<Repetition>();
        var count = ctx.Options.Quick ? 2 : 5;
        for (var rep = 0; rep < count; rep++)
        {
            var victim = rep % lab.Count;
            var name = BenchLab.NameOf(victim);
            var before = await proxy.Server.GetStatusAsync();
            var wasPrimary = before.Primary == name;
            var killedAt = Stopwatch.GetTimestamp();
            lab.Servers[victim].Kill();
            var down = await WaitForStateAsync(proxy, name, s => s == ServerState.Down, TimeSpan.FromSeconds(10));
            var downMs = Stopwatch.GetElapsedTime(killedAt, down).TotalMilliseconds;
            await Task.Delay(500);
            var restartAt = Stopwatch.GetTimestamp();
            await lab.Servers[victim].RestartAsync();
            CpuAffinity.Release(lab.Servers[victim].ProcessId);
            var ready = Stopwatch.GetTimestamp();
            var inSync = await WaitForStateAsync(proxy, name, s => s == ServerState.InSync, TimeSpan.FromSeconds(60));
            var after = await proxy.Server.GetStatusAsync();
            var record = after.RecentResyncs.FirstOrDefault(r => r.Server == name);
            lab.WaitWatching(victim, TimeSpan.FromSeconds(5));
            await Task.Delay(300);
            var positions = PlaybackPosition.Measure(rooms, TimeSpan.FromMilliseconds(500));
            var others = positions.Where((_, i) => i != victim).Select(p => p.OffsetMs).Order().ToArray();
            var error = positions[victim].OffsetMs - Summary.Percentile(others, 0.5);
            repetitions.Add(new Repetition(name, wasPrimary, downMs,
                Stopwatch.GetElapsedTime(restartAt, ready).TotalMilliseconds,
                Stopwatch.GetElapsedTime(ready, inSync).TotalMilliseconds,
                error, positions.Max(p => p.OffsetMs) - positions.Min(p => p.OffsetMs),
                record?.Duration.TotalMilliseconds ?? double.NaN, record?.PositionErrorMs ?? double.NaN, record?.Replayed ?? false,
                positions.Select(p => $"{p.State}#{p.Song}").ToArray()));
            ctx.Say($"recovery {rep + 1}: {name}{(wasPrimary ? " (primary)" : "")} down after {downMs:0.0} ms, in sync {repetitions[^1].InSyncAfterRestartMs:0} ms after restart, position error {error:0.0} ms");
            await Task.Delay(1000);
        }

        var result = new Result(baselineSpread, repetitions,
            Summary.Of(repetitions.Select(r => r.DownDetectedMs)),
            Summary.Of(repetitions.Select(r => r.InSyncAfterRestartMs)),
            Summary.Of(repetitions.Select(r => Math.Abs(r.PositionErrorMs))),
            ProcessStats.LoadAverage());
        ctx.Print($"\n### recovery: {lab.Count} rooms on {lab.ProfileName}, kill -9 and restart (ms)\n");
        var table = new Table("room", "primary?", "Down detected", "mpd restart", "InSync after restart", "position error", "spread of all rooms", "proxy: resync took", "proxy: position error", "rooms after");
        foreach (var r in repetitions)
        {
            table.Add(r.Room, r.WasPrimary ? "yes" : "no", r.DownDetectedMs, r.RestartMs, r.InSyncAfterRestartMs, r.PositionErrorMs, r.PositionSpreadMs,
                r.ProxyResyncDurationMs, r.ProxyPositionErrorMs, string.Join(" ", r.StatesAfter));
        }

        ctx.Print(table.ToString());
        ctx.Print($"Position spread before the first kill: {Table.Ms(baselineSpread)} ms. Position: each room's elapsed, edge-timed on direct connections.\n");
        ctx.Results.Write("recovery", result);
        return result;
    }

    private static async Task<long> WaitForStateAsync(InProcessProxy proxy, string name, Func<ServerState, bool> wanted, TimeSpan timeout)
    {
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < timeout)
        {
            var status = await proxy.Server.GetStatusAsync();
            if (status.Servers.FirstOrDefault(s => s.Name == name) is { } s && wanted(s.State))
            {
                return Stopwatch.GetTimestamp();
            }

            await Task.Delay(2);
        }

        throw new TimeoutException($"{name} did not reach the expected state within {timeout}");
    }
}

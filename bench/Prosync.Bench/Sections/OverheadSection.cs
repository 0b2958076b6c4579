using Prosync.Bench.Lab;
using Prosync.Bench.Measure;
using Prosync.Bench.Report;
using Prosync.Bench.Skew;
using Prosync.Host.Lab;

namespace Prosync.Bench.Sections;

/// <summary>
/// What the proxy adds to a read with no injected latency: <c>status</c> round trips to one MPD, direct and
/// through Prosync.Host (a child process, as deployed), interleaved with alternating order so both see the same
/// machine load.
/// </summary>
public static class OverheadSection
{
    /// <summary>One way of pacing the reads: back to back (both processes stay hot) or with idle gaps (every hop wakes a thread).</summary>
    public sealed record Pacing(string Name, int Iterations, Summary Direct, Summary Proxied, double AddedP50Ms, double AddedP95Ms, Summary PairedDifference);

    public sealed record Result(IReadOnlyList<Pacing> Pacings, double AddedP50Ms, string HostCommand, string Load);

    public static async Task<Result> RunAsync(BenchContext ctx)
    {
        ctx.Say("overhead: status round trips, direct vs through Prosync.Host");
        await using var mpd = await MpdProcess.StartAsync(ctx.Library.MusicDirectory, new MpdProcessOptions { LogLevel = "default", Name = "room1" });
        CpuAffinity.Release(mpd.ProcessId);
        await mpd.SendAsync(string.Join("\n", BenchLibrary.Tracks.Select(t => $"add \"{t}\"")));
        await using var proxy = ChildProxy.Start([new("room1", mpd.Host, mpd.Port)], ctx.Results.PathOf("overhead-host.log"));
        await proxy.WaitForInSyncAsync(1, TimeSpan.FromSeconds(60));
        using var direct = MpdClient.Connect(mpd.Host, mpd.Port);
        using var proxied = MpdClient.Connect("127.0.0.1", proxy.Port);
        for (var i = 0; i < 300; i++)
        {
            direct.Run("status");
            proxied.Run("status");
        }

        var quick = ctx.Options.Quick;
        var pacings = new[]
        {
            Measure("back to back", direct, proxied, quick ? 300 : 3000, gapMs: 0),
            Measure("2 ms idle gaps", direct, proxied, quick ? 200 : 1500, gapMs: 2),
        };
        // The target is judged on the less favourable pacing.
        var result = new Result(pacings, pacings.Max(p => p.AddedP50Ms), proxy.CommandLine, ProcessStats.LoadAverage());
        ctx.Print("\n### overhead: `status` round trip, no injected latency (ms)\n");
        var table = new Table("pacing", "path", "n", "p50", "p95", "p99", "max");
        foreach (var p in pacings)
        {
            table.Add(p.Name, "direct to MPD", p.Direct.Count, p.Direct.P50, p.Direct.P95, p.Direct.P99, p.Direct.Max);
            table.Add(p.Name, "through Prosync.Host", p.Proxied.Count, p.Proxied.P50, p.Proxied.P95, p.Proxied.P99, p.Proxied.Max);
            table.Add(p.Name, "paired difference", p.PairedDifference.Count, p.PairedDifference.P50, p.PairedDifference.P95, p.PairedDifference.P99, p.PairedDifference.Max);
        }

        ctx.Print(table.ToString());
        ctx.Print(string.Join("; ", pacings.Select(p => $"{p.Name}: added {Table.Ms(p.AddedP50Ms)} ms at p50, {Table.Ms(p.AddedP95Ms)} ms at p95")) + $" (load {result.Load})\n");
        ctx.Results.Write("overhead", result);
        return result;
    }

    private static Pacing Measure(string name, MpdClient direct, MpdClient proxied, int n, int gapMs)
    {
        var d = new List<double>(n);
        var p = new List<double>(n);
        for (var i = 0; i < n; i++)
        {
            if (i % 2 == 0)
            {
                d.Add(direct.Run("status").LatencyMs);
                Gap(gapMs);
                p.Add(proxied.Run("status").LatencyMs);
            }
            else
            {
                p.Add(proxied.Run("status").LatencyMs);
                Gap(gapMs);
                d.Add(direct.Run("status").LatencyMs);
            }

            Gap(gapMs);
        }

        var sd = Summary.Of(d);
        var sp = Summary.Of(p);
        return new Pacing(name, n, sd, sp, sp.P50 - sd.P50, sp.P95 - sd.P95, Summary.Of(p.Zip(d, (a, b) => a - b)));
    }

    private static void Gap(int ms)
    {
        if (ms > 0)
        {
            Thread.Sleep(ms);
        }
    }
}

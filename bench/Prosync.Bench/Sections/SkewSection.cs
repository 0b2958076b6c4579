using System.Diagnostics;
using Prosync.Bench.Lab;
using Prosync.Bench.Measure;
using Prosync.Bench.Report;
using Prosync.Bench.Skew;

namespace Prosync.Bench.Sections;

/// <summary>lan, wifi, wifi-link, wifi-bursty: every mode, one after the other, against the same lab.</summary>
public static class SkewSection
{
    /// <summary>The row of <see cref="DirectFloor"/>.</summary>
    public const string FloorName = "floor (direct)";

    private static bool _warmedUp;

    private static double[] NaNs(int n) => Enumerable.Repeat(double.NaN, n).ToArray();

    public static async Task<SkewSectionResult> RunAsync(BenchContext ctx, string section, BenchLab lab, RunPlan plan, IReadOnlyList<Mode> modes)
    {
        var sw = Stopwatch.StartNew();
        var loadBefore = ProcessStats.LoadAverage();
        ctx.Say($"{section}: {lab.Count} servers, profile {lab.ProfileName}, bursts {lab.BurstModel}, {modes.Count} modes × {plan.TimedCommands} timed commands");
        var log = ctx.ProxyLog(section);
        if (!_warmedUp)
        {
            // The first proxy of the process runs freshly jitted code: a short unrecorded run first, so naive (measured first) is not penalised.
            _warmedUp = true;
            await using var warm = await InProcessProxy.StartAsync(lab, Mode.Prosync(Mode.All[^1].Estimator, true).Options(lab), log, TimeSpan.FromSeconds(60));
            await SkewRunner.RunAsync(lab, warm, "jit warm-up", new RunPlan(12, true, TimeSpan.FromSeconds(1)), ctx.Options.Seed + 100);
        }

        // The floor: every room written to directly, at once; what remains is the rooms' own reaction spread.
        var floor = await SkewRunner.RunAsync(lab, new DirectFloor(lab), FloorName, plan, ctx.Options.Seed);
        var runs = new List<ModeRun> { new(floor, NaNs(lab.Count), NaNs(lab.Count)) };
        ctx.Say($"{section} {FloorName}: skew p50 {Table.Ms(floor.Skew.P50)} p95 {Table.Ms(floor.Skew.P95)} ms");

        foreach (var mode in modes)
        {
            await using var proxy = await InProcessProxy.StartAsync(lab, mode.Options(lab), log.ForContext("Mode", mode.Name), TimeSpan.FromSeconds(60));
            var result = await SkewRunner.RunAsync(lab, proxy, mode.Name, plan, ctx.Options.Seed);
            var status = await proxy.Server.GetStatusAsync();
            var byName = status.Servers.ToDictionary(s => s.Name);
            var oneWay = Enumerable.Range(0, lab.Count).Select(i => byName[BenchLab.NameOf(i)].Latency.OneWayMs).ToArray();
            var jitter = Enumerable.Range(0, lab.Count).Select(i => byName[BenchLab.NameOf(i)].Latency.JitterMs).ToArray();
            runs.Add(new ModeRun(result, oneWay, jitter));
            ctx.Say($"{section} {mode.Name}: skew p50 {Table.Ms(result.Skew.P50)} p95 {Table.Ms(result.Skew.P95)} ms, latency p50 {Table.Ms(result.Latency.P50)} ms, lost {result.TimedLost}");
        }

        var sectionResult = new SkewSectionResult(section, lab.ProfileName, lab.BurstModel.ToString(), lab.Count, lab.Profiles, runs,
            Summary.Of(lab.RelayLateness), 100.0 * lab.RelayLateness.Count(x => x > 1) / Math.Max(1, lab.RelayLateness.Count), lab.LinkBursts.Count, loadBefore, ProcessStats.LoadAverage(), sw.Elapsed.TotalSeconds);
        Print(ctx, sectionResult);
        ctx.Results.Write(section, sectionResult);
        return sectionResult;
    }

    private static string Interval(double[] ci) => $"{Table.Ms(ci[0])}–{Table.Ms(ci[1])}";

    public static void Print(BenchContext ctx, SkewSectionResult r)
    {
        ctx.Print($"\n### {r.Section}: {r.Servers} servers, {r.Profile} links, bursts {r.BurstModel} (load {r.LoadBefore} → {r.LoadAfter})\n");
        ctx.Print("Timed commands (pause/resume, setvol, repeat/single), skew = spread of the rooms' effect instants, ms:\n");
        var timed = new Table("mode", "n", "lost", "skew p50", "p50 90% CI", "p95", "p95 90% CI", "max", $"> {ModeResult.BurstHitMs:0} ms", "latency p50", "p95", "held", "held p50", "firing spread p95", "proxy's own skew (n)");
        foreach (var m in r.Modes.Select(m => m.Result))
        {
            timed.Add(m.Mode, m.TimedCommands, m.TimedLost, m.Skew.P50, Interval(m.SkewP50Interval), m.Skew.P95, Interval(m.SkewP95Interval), m.Skew.Max,
                $"{m.BurstHits} ({100.0 * m.BurstHits / Math.Max(1, m.Skew.Count):0}%)", m.Latency.P50, m.Latency.P95,
                m.HeldCount, m.Held.P50, m.FiringSpread.P95, $"{Table.Ms(m.ProxyEstimatedSkew.P50)} ({m.ProxyEstimatedSkew.Count})");
        }

        ctx.Print(timed.ToString());
        if (r.Modes.Any(m => m.Result.DecoderCommands > 0))
        {
            ctx.Print("Decoder-bound commands (seekcur, next, previous), ms:\n");
            var decoder = new Table("mode", "n", "lost", "skew p50", "p95", "max", "seekcur p50", "next p50", "previous p50", "latency p50");
            foreach (var m in r.Modes.Select(m => m.Result))
            {
                double Kind(string k) => m.DecoderSkewByKind.TryGetValue(k, out var s) ? s.P50 : double.NaN;
                decoder.Add(m.Mode, m.DecoderCommands, m.DecoderLost, m.DecoderSkew.P50, m.DecoderSkew.P95, m.DecoderSkew.Max,
                    Kind("seekcur"), Kind("next"), Kind("previous"), m.DecoderLatency.P50);
            }

            ctx.Print(decoder.ToString());
        }

        ctx.Print("Per room: link (base one-way + mean jitter) | the proxy's one-way estimate at the end of each mode | each room's median effect offset from the rooms' mean (systematic error), ms:\n");
        var headers = new List<string> { "mode" };
        headers.AddRange(Enumerable.Range(0, r.Servers).Select(i => $"room{i + 1} est / bias"));
        var rooms = new Table([.. headers]);
        rooms.Add(["link", .. r.Links.Select(l => (object?)$"{Table.Ms(l.BaseDelayMs)} + {Table.Ms(l.JitterMs)}")]);
        foreach (var m in r.Modes)
        {
            rooms.Add([m.Result.Mode, .. Enumerable.Range(0, r.Servers).Select(i => (object?)$"{Table.Ms(m.EstimatedOneWayMs[i])} / {Table.Ms(m.Result.ServerBiasMs[i])}")]);
        }

        if (r.Servers <= 8)
        {
            ctx.Print(rooms.ToString());
        }

        ctx.Print($"Relay write lateness during the section: p50 {Table.Ms(r.RelayLateness.P50)}, p99 {Table.Ms(r.RelayLateness.P99)}, max {Table.Ms(r.RelayLateness.Max)} ms over {r.RelayLateness.Count} writes ({r.RelayLateOver1MsPercent:0.00}% over 1 ms)"
            + (r.LinkBursts > 0 ? $"; {r.LinkBursts} link bursts" : "") + $"; {r.Seconds:0} s\n");
    }
}

using System.Globalization;
using Prosync.Actors.Cluster;
using Prosync.Actors.Latency;
using Prosync.Actors.Servers;
using Prosync.Bench.Report;
using Prosync.Bench.Sections;
using Prosync.Bench.Skew;

namespace Prosync.Bench;

/// <summary>The issue's targets against the figures of a run, and which estimator measured best.</summary>
public static class Targets
{
    public static void Print(BenchContext ctx, RunSummary s)
    {
        var sections = new[] { s.Lan, s.WifiLink, s.Wifi, s.WifiBursty }.OfType<SkewSectionResult>().ToList();
        if (sections.Count > 0)
        {
            ctx.Print("\n### estimators: timed-command skew p50 / p95 (ms) / share over 10 ms, per section; score = sum of the p50s\n");
            var ranking = new Table(["mode", .. sections.Select(x => x.Section), "score"]);
            var scores = new Dictionary<string, double>();
            foreach (var mode in Mode.AllWithJitterOracle.Prepend(Mode.Naive with { Name = SkewSection.FloorName }))
            {
                var cells = new List<object?> { mode.Name };
                var score = 0.0;
                foreach (var section in sections)
                {
                    var m = Find(section, mode.Name);
                    cells.Add(m is null ? "–" : $"{Table.Ms(m.Skew.P50)} / {Table.Ms(m.Skew.P95)} / {100.0 * m.BurstHits / Math.Max(1, m.Skew.Count):0}%");
                    // A mode a section did not run (oracle+jitter on lan, where jitter is equal) counts as its oracle.
                    m ??= mode == Mode.OracleWithJitter ? Find(section, Mode.Oracle.Name) : null;
                    // The p50 measures the estimator; the p95 is set by bursts (the pre-send probe's business) and
                    // rests on a handful of commands, so it does not rank estimators.
                    score += m is null ? 0 : m.Skew.P50;
                }

                cells.Add(score);
                scores[mode.Name] = score;
                ranking.Add([.. cells]);
            }

            ctx.Print(ranking.ToString());
            s.BestEstimator = LatencyEstimators.Names.MinBy(e => scores[Mode.Prosync(e, true).Name]);
            ctx.Print($"Best estimator with the pre-send probe on (the default): {s.BestEstimator}; "
                + $"without it: {LatencyEstimators.Names.MinBy(e => scores[Mode.Prosync(e, false).Name])}.\n");
        }

        var best = Mode.Prosync(s.BestEstimator ?? LatencyEstimators.MinDev, true).Name;
        var checks = new List<TargetCheck>();
        if (s.Lan is { } lan && Find(lan, best) is { } l)
        {
            checks.Add(new TargetCheck($"lan, 3 servers, {best}: skew p50 ≤ 1 ms", Ms(l.Skew.P50), l.Skew.P50 <= 1));
            checks.Add(new TargetCheck($"lan, 3 servers, {best}: skew p95 ≤ 3 ms", Ms(l.Skew.P95), l.Skew.P95 <= 3));
        }

        foreach (var wifi in new[] { s.WifiLink, s.Wifi }.OfType<SkewSectionResult>())
        {
            if (Find(wifi, best) is not { } w || Find(wifi, "naive") is not { } naive || Find(wifi, "oracle") is not { } oracle)
            {
                continue;
            }

            var name = $"{wifi.Section}, 4 servers, {best}";
            checks.Add(new TargetCheck($"{name}: skew p50 ≤ 2 ms", Ms(w.Skew.P50), w.Skew.P50 <= 2));
            checks.Add(new TargetCheck($"{name}: p50 ≤ naive p50 / 10 ({Ms(naive.Skew.P50 / 10)})", Ms(w.Skew.P50), w.Skew.P50 <= naive.Skew.P50 / 10));
            checks.Add(new TargetCheck($"{name}: p95 < oracle p95 ({Ms(oracle.Skew.P95)})", Ms(w.Skew.P95), w.Skew.P95 < oracle.Skew.P95));
            if (Find(wifi, Mode.OracleWithJitter.Name) is { } oracle2)
            {
                checks.Add(new TargetCheck($"{name}: p95 < oracle+jitter p95 ({Ms(oracle2.Skew.P95)}) (extra, not in the issue)", Ms(w.Skew.P95), w.Skew.P95 < oracle2.Skew.P95));
            }
        }

        // The bursty-link issue: the shipped default (estimator and pre-send probe) against the oracle of the same run.
        var shipped = Mode.Prosync(ServerOptions.Default.Estimator, ClusterOptions.Default.PreSendProbe).Name;
        if (s.WifiBursty is { } bursty && Find(bursty, shipped) is { } b && Find(bursty, "oracle") is { } bOracle)
        {
            var name = $"wifi-bursty, 4 servers, {shipped} (default)";
            checks.Add(new TargetCheck($"{name}: skew p50 ≤ 1.5 × oracle p50 ({Ms(1.5 * bOracle.Skew.P50)})", Ms(b.Skew.P50), b.Skew.P50 <= 1.5 * bOracle.Skew.P50));
            checks.Add(new TargetCheck($"{name}: p95 < oracle p95 ({Ms(bOracle.Skew.P95)})", Ms(b.Skew.P95), b.Skew.P95 < bOracle.Skew.P95));
        }

        if (s.Scale is { } scale)
        {
            checks.Add(new TargetCheck($"scale, {scale.Servers} servers on lan: skew p95 ≤ 3 ms", Ms(scale.Skew.Skew.P95), scale.Skew.Skew.P95 <= 3));
            checks.Add(new TargetCheck($"scale: idle probing ≤ 25 % of one core", $"{scale.IdleCpuPercentOfCore.ToString("0.0", CultureInfo.InvariantCulture)} %", scale.IdleCpuPercentOfCore <= 25));
            checks.Add(new TargetCheck("scale: proxy RSS ≤ 100 MB (peak)", $"{scale.PeakRssMb.ToString("0", CultureInfo.InvariantCulture)} MB", scale.PeakRssMb <= 100));
        }

        if (s.Continuity is { } cont)
        {
            var (p95, max) = cont.Link == "wifi" ? (5.0, 15.0) : (3.0, 10.0);
            var name = $"continuity, {cont.Link}, clocks at {string.Join("/", cont.Ppm)} ppm, started {cont.StartDelaysMs[0]:0}–{cont.StartDelaysMs[^1]:0} ms apart, prosync, after the first 15 s";
            var spread = cont.Prosync.Steady.Spread;
            var floor = cont.Floor.Spread.Spread;
            var floorNote = $"(floor: {Ms(floor.P95)} / {Ms(floor.Max)}, noise {Ms(cont.Floor.Noise.P95)} / {Ms(cont.Floor.Noise.Max)}; no correction: {Ms(cont.NoCorrection.Steady.Spread.P95)} / {Ms(cont.NoCorrection.Steady.Spread.Max)})";
            checks.Add(new TargetCheck($"{name}: position spread p95 ≤ {p95:0} ms {floorNote}", Ms(spread.P95), spread.P95 <= p95));
            checks.Add(new TargetCheck($"{name}: position spread max ≤ {max:0} ms", Ms(spread.Max), spread.Max <= max));
            if (cont.Link == "lan")
            {
                checks.Add(new TargetCheck($"{name}: at most 2 corrections per room per minute (most in any 60 s)", cont.Prosync.MaxCorrectionsPerRoomPerMinute.ToString(CultureInfo.InvariantCulture),
                    cont.Prosync.MaxCorrectionsPerRoomPerMinute <= 2));
            }
        }

        if (s.Overhead is { } overhead)
        {
            checks.Add(new TargetCheck("overhead: a read through Prosync adds ≤ 0.3 ms at p50 (worse of the two pacings)", Ms(overhead.AddedP50Ms), overhead.AddedP50Ms <= 0.3));
        }

        if (s.Library is { } library)
        {
            var inv = CultureInfo.InvariantCulture;
            checks.Add(new TargetCheck("library: replication of 20 missing songs ≤ 1.25 × best replica in hindsight",
                library.ReplicationRatio.ToString("0.00", inv), library.ReplicationRatio <= 1.25));
            checks.Add(new TargetCheck($"library: agent killed, dropped ≤ timeout + 1 s ({library.TimeoutSeconds + 1} s)",
                $"{library.DroppedAfterSeconds.ToString("0.00", inv)} s", library.DroppedAfterSeconds <= library.TimeoutSeconds + 1));
            checks.Add(new TargetCheck($"library: agent restarted, registered ≤ keepalive + 1 s ({library.KeepaliveSeconds + 1} s), from its process start",
                $"{library.RegisteredAgainAfterSeconds.ToString("0.00", inv)} s", library.RegisteredAgainAfterSeconds <= library.KeepaliveSeconds + 1));
            checks.Add(new TargetCheck("library: upload of 30 MB to 4 rooms ≤ 1.3 × slowest room's copy alone",
                library.UploadRatio?.ToString("0.00", inv) ?? library.UploadNote, library.UploadRatio <= 1.3));
        }

        s.Targets = checks;
        if (checks.Count == 0)
        {
            return;
        }

        ctx.Print("\n### targets\n");
        var table = new Table("target", "measured", "met");
        foreach (var c in checks)
        {
            table.Add(c.Target, c.Measured, c.Met ? "met" : "NOT met");
        }

        ctx.Print(table.ToString());
    }

    private static ModeResult? Find(SkewSectionResult section, string mode) => section.Modes.FirstOrDefault(m => m.Result.Mode == mode)?.Result;

    private static string Ms(double value) => Table.Ms(value) + " ms";
}

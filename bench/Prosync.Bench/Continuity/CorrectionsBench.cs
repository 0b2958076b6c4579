using System.Diagnostics;
using System.Globalization;
using System.Text;
using Prosync.Bench.Measure;

namespace Prosync.Bench.Continuity;

/// <summary>
/// Section <c>mpd-corrections</c>: what unmodified MPD 0.23 lets a proxy do to nudge a room's playback, measured on
/// real mpd processes with a null output (sync yes) and a pipe output into <c>ppm_sink.py</c> (a clock of chosen
/// rate that also logs which frame sounds when, from test songs whose samples count their own frames):
/// the rate a pipe room plays at, MPD's elapsed steps and the precision of the upper-envelope position, timed
/// pauses, absolute and relative seeks, resume variants, and gapless song changes.
/// </summary>
public static class CorrectionsBench
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private static readonly double[] PauseDeltas = [1, 2, 5, 10, 30, 100];

    public const string Usage = """
        Usage: dotnet run -c Release --project bench/Prosync.Bench -- mpd-corrections [options]
          --trials N        trials per correction and room (default 20)
          --rate-seconds S  length of the rate run (default 130)
          --poll-ms N       status poll period (default 10)
          --phases LIST     comma list of rate,pause,seek,resume,songs (default all)
          --out DIR         results folder (default bench/results)
        """;

    private sealed record Trial(
        string Room, string Kind, double Param, double Send1, double Send2, double ReplyMs,
        double OBefore, double OAfter, double IntendedShift, double SettleMs, double OvershootMs,
        int PausedSamples, double PausedMs, int IdleEvents)
    {
        public double Shift => OAfter - OBefore;

        public double Error => Shift - IntendedShift;

        public double ABefore { get; set; } = double.NaN;

        public double AAfter { get; set; } = double.NaN;

        public double AError => AAfter - ABefore - IntendedShift;

        public int SinkStarts { get; set; }

        public double SinkGapMs { get; set; } = double.NaN;

        public double UnderrunMs { get; set; }
    }

    public static int Run(string[] args)
    {
        int trials = 20, rateSeconds = 130, pollMs = 10;
        var phases = new HashSet<string>(["rate", "pause", "seek", "resume", "songs"]);
        var outDir = "bench/results";
        for (var i = 0; i < args.Length; i++)
        {
            string V() => args[++i];
            switch (args[i])
            {
                case "--trials": trials = int.Parse(V(), Inv); break;
                case "--rate-seconds": rateSeconds = int.Parse(V(), Inv); break;
                case "--poll-ms": pollMs = int.Parse(V(), Inv); break;
                case "--phases": phases = [.. V().Split(',')]; break;
                case "--out": outDir = V(); break;
                default:
                    Console.Error.WriteLine(Usage);
                    return 2;
            }
        }

        if (Stopwatch.Frequency != 1_000_000_000)
        {
            Console.Error.WriteLine("warning: Stopwatch is not ns CLOCK_MONOTONIC; sink times will not line up");
        }

        var root = Path.Combine(Path.GetTempPath(), "prosync-continuity");
        var music = CounterMusic.Ensure(root);
        var runDir = Path.Combine(root, "run-" + DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", Inv));
        Directory.CreateDirectory(runDir);
        var report = new StringBuilder();
        void Out(string line)
        {
            Console.WriteLine(line);
            report.AppendLine(line);
        }

        Out($"# mpd-corrections {DateTime.UtcNow:u}  (mpd {MpdVersion()}, poll {pollMs} ms, {trials} trials, load {Load()})");
        Out($"command: dotnet run -c Release --project bench/Prosync.Bench -- mpd-corrections {string.Join(' ', args)}");
        Out($"room dirs: {runDir}");
        var poll = TimeSpan.FromMilliseconds(pollMs);
        var rooms = new List<RoomServer>();
        var pollers = new Dictionary<RoomServer, StatusPoller>();
        var allTrials = new List<Trial>();
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var r in rooms.ToArray())
            {
                r.Dispose();
            }
        };
        try
        {
            var nul = RoomServer.Start("null", music, null, runDir);
            var pipe = RoomServer.Start("pipe+0", music, 0, runDir);
            rooms.AddRange([nul, pipe]);
            var main = new[] { nul, pipe };
            if (phases.Contains("rate"))
            {
                var slow = RoomServer.Start("pipe-40", music, -40, runDir);
                var fast = RoomServer.Start("pipe+60", music, 60, runDir);
                rooms.AddRange([slow, fast]);
                RatePhase([nul, pipe, slow, fast], new Dictionary<RoomServer, double> { [nul] = 0, [pipe] = 0, [slow] = -40, [fast] = 60 }, poll, rateSeconds, pollers, Out);
                foreach (var r in new[] { slow, fast })
                {
                    pollers[r].Dispose();
                    DumpSamples(runDir, r.Name, pollers[r]);
                    pollers.Remove(r);
                    r.Dispose();
                    rooms.Remove(r);
                }
            }

            foreach (var r in main)
            {
                if (!pollers.ContainsKey(r))
                {
                    StartLong(r);
                    pollers[r] = new StatusPoller(r, poll);
                }
            }

            var plan = new List<(string Kind, double Param)>();
            if (phases.Contains("pause"))
            {
                for (var i = 0; i < trials; i++)
                {
                    plan.AddRange(PauseDeltas.Select(d => ("pause", d)));
                }
            }

            if (phases.Contains("seek"))
            {
                for (var i = 0; i < trials; i++)
                {
                    plan.AddRange([("seekabs", 10.0), ("seekrel", 5.0), ("seekrel", -5.0), ("seekabs", 0.0)]);
                }
            }

            if (phases.Contains("resume"))
            {
                for (var i = 0; i < trials; i++)
                {
                    plan.AddRange([("pauseplay", 10.0), ("toggle", 10.0)]);
                }
            }

            if (plan.Count > 0)
            {
                Out($"\ncorrection trials: {plan.Count} per room, both rooms in parallel, ~{plan.Count * 3.1 / 60:F0} min; load {Load()}");
                var results = main.AsParallel().WithDegreeOfParallelism(2)
                    .Select(r => RunTrials(r, pollers[r], plan)).ToArray();
                foreach (var list in results)
                {
                    allTrials.AddRange(list);
                }

                Out($"load after trials: {Load()}");
                ReportTrials(allTrials, Out);
            }

            if (phases.Contains("songs"))
            {
                SongsPhase(main, pollers, Out);
            }
        }
        finally
        {
            foreach (var (r, p) in pollers)
            {
                p.Dispose();
                DumpSamples(runDir, r.Name, p);
            }

            foreach (var r in rooms)
            {
                r.Dispose();
            }
        }

        Directory.CreateDirectory(outDir);
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", Inv);
        File.WriteAllText(Path.Combine(outDir, $"mpd-corrections-{stamp}.md"), report.ToString());
        var csv = new StringBuilder("room,kind,param,send1,send2,reply_ms,o_before,o_after,intended_shift,shift,error,settle_ms,overshoot_ms,paused_samples,paused_ms,idle_events,a_before,a_after,a_error,sink_starts,sink_gap_ms,underrun_ms\n");
        foreach (var t in allTrials)
        {
            csv.AppendLine(string.Join(',', new object[]
            {
                t.Room, t.Kind, t.Param, t.Send1, t.Send2, t.ReplyMs, t.OBefore, t.OAfter, t.IntendedShift, t.Shift, t.Error,
                t.SettleMs, t.OvershootMs, t.PausedSamples, t.PausedMs, t.IdleEvents, t.ABefore, t.AAfter, t.AError,
                t.SinkStarts, t.SinkGapMs, t.UnderrunMs,
            }.Select(o => Convert.ToString(o, Inv))));
        }

        File.WriteAllText(Path.Combine(outDir, $"mpd-corrections-{stamp}.csv"), csv.ToString());
        Console.WriteLine($"\nwritten: {outDir}/mpd-corrections-{stamp}.md and .csv");
        return 0;
    }

    private static void DumpSamples(string dir, string name, StatusPoller poller)
    {
        var sb = new StringBuilder("sent_ms,received_ms,elapsed_ms,state,song\n");
        foreach (var s in poller.All())
        {
            sb.AppendLine(string.Create(Inv, $"{s.SentMs:F4},{s.ReceivedMs:F4},{s.ElapsedMs:F1},{s.State},{s.Song}"));
        }

        File.WriteAllText(Path.Combine(dir, name + "-status.csv"), sb.ToString());
    }

    private static void StartLong(RoomServer room)
    {
        using var c = room.Connect();
        c.Send("clear");
        c.Send("add " + CounterMusic.LongFile);
        c.Send("play 0");
    }

    // ---------------------------------------------------------------- rate, steps, precision

    private static void RatePhase(RoomServer[] rooms, Dictionary<RoomServer, double> ppm, TimeSpan poll, int seconds,
        Dictionary<RoomServer, StatusPoller> pollers, Action<string> Out)
    {
        foreach (var r in rooms)
        {
            StartLong(r);
            pollers[r] = new StatusPoller(r, poll);
        }

        var start = StatusPoller.NowMs() + 3000; // skip the start-up transient
        Out($"\n## Rate, elapsed steps, envelope precision ({seconds} s, load at start {Load()})");
        Thread.Sleep(TimeSpan.FromSeconds(seconds + 3));
        var end = StatusPoller.NowMs();
        Out($"load at end {Load()}");
        Out("\nroom | set ppm | elapsed-rate ppm (5 s envelopes, fit) | resid sd ms | audible-rate ppm (sink frames) | audible resid sd ms | sink starts | underruns | fitted s (longest run without underrun) | elapsed-rate ppm, all runs (one slope, intercept per run)");
        Out("--|--|--|--|--|--|--|--|--|--");
        foreach (var r in rooms)
        {
            var (segFrom, segTo) = LongestSegment(r, start, end);
            var samples = pollers[r].Between(segFrom, segTo);
            var (x, y) = Windows(samples, segFrom, segTo, 5000, w => Position.Envelope(w));
            var fit = Stats.Fit(x, y);
            var audible = "-";
            var audibleSd = "-";
            var starts = "-";
            var underruns = "-";
            if (r.SinkLog is { } path)
            {
                var log = SinkLog.Read(path);
                var pos = log.Positions.Where(p => p.T >= segFrom && p.T < segTo && p.Song == CounterMusic.LongSong).ToArray();
                var af = Stats.Fit(pos.Select(p => p.T).ToArray(), pos.Select(p => (p.Frame * 1000.0 / CounterMusic.Rate) - p.T).ToArray());
                audible = (af.Slope * 1e6).ToString("F2", Inv);
                audibleSd = af.ResidualSd.ToString("F3", Inv);
                starts = log.Starts.Count.ToString(Inv);
                underruns = log.Gaps.Count(g => g.First >= start && g.First < end).ToString(Inv);
            }

            // all runs between underruns together: one slope, an intercept per run
            var segments = Segments(r, start, end);
            var joint = Stats.JointSlope(segments.Select(seg =>
            {
                var (sx, sy) = Windows(pollers[r].Between(seg.From, seg.To), seg.From, seg.To, 5000, w => Position.Envelope(w));
                return ((IReadOnlyList<double>)sx, (IReadOnlyList<double>)sy);
            }).ToArray());
            Out($"{r.Name} | {ppm[r]:F0} | {fit.Slope * 1e6:F2} ± {fit.SlopeSe * 1e6:F1} | {fit.ResidualSd:F3} | {audible} | {audibleSd} | {starts} | {underruns} | {(segTo - segFrom) / 1000:F0} | {joint.Slope * 1e6:F2} ± {joint.SlopeSe * 1e6:F1} ({segments.Length} runs, {segments.Sum(g => g.To - g.From) / 1000:F0} s)");
        }

        Out("\nElapsed step sizes (nonzero differences of consecutive readings, ms):\n");
        Out("room | " + Stats.Header + " | most common");
        Out("--|" + Stats.Rule + "|--");
        foreach (var r in rooms)
        {
            var all = pollers[r].Between(start, end);
            var steps = Position.Steps(all).ToArray();
            if (steps.Length == 0)
            {
                Out($"{r.Name} | no steps in {all.Length} readings, states {string.Concat(all.Select(s => s.State).Distinct())}");
                continue;
            }

            var mode = steps.GroupBy(s => Math.Round(s)).OrderByDescending(g => g.Count()).First();
            Out($"{r.Name} | {Stats.Of(steps).Row("F3")} | {mode.Key} ms ({100.0 * mode.Count() / steps.Length:F0} %)");
        }

        Out("\nPrecision of one position estimate: sd of window estimates around the room's fitted line (ms); " +
            "'100 ms' keeps every 10th reading (the proxy's poll rate with dither):\n");
        Out("room | window | envelope (all polls) | envelope (100 ms) | step-midpoint (PlaybackPosition) | envelope − audible sd");
        Out("--|--|--|--|--|--");
        foreach (var r in rooms.Where(r => ppm[r] == 0))
        {
            var (segFrom, segTo) = LongestSegment(r, start, end);
            var samples = pollers[r].Between(segFrom, segTo);
            var decimated = samples.Where((_, i) => i % 10 == 0).ToArray();
            var log = r.SinkLog is { } path ? SinkLog.Read(path) : null;
            foreach (var w in new[] { 500.0, 1000, 2000, 5000 })
            {
                var env = Residual(Windows(samples, segFrom, segTo, w, s => Position.Envelope(s)));
                var env100 = Residual(Windows(decimated, segFrom, segTo, w, s => Position.Envelope(s)));
                var mid = Residual(Windows(samples, segFrom, segTo, w, Position.StepMidpoint));
                var vsAudible = "-";
                if (log is not null)
                {
                    var diffs = new List<double>();
                    for (var t = segFrom; t + w <= segTo; t += w)
                    {
                        var e = Position.Envelope(samples.Where(s => s.MidMs >= t && s.MidMs < t + w));
                        var a = Stats.Median(log.AudibleOffsets(t, t + w, CounterMusic.LongSong));
                        diffs.Add(e - a);
                    }

                    var st = Stats.Of(diffs);
                    vsAudible = string.Create(Inv, $"{st.Sd:F3} (mean {st.Mean:F1})");
                }

                Out($"{r.Name} | {w:F0} ms | {env:F3} | {env100:F3} | {mid:F3} | {vsAudible}");
            }
        }
    }

    /// <summary>The stretches of [start, end) between sink (re)starts and underruns, each from 0.5 s after its start, at least 10 s long.</summary>
    private static (double From, double To)[] Segments(RoomServer r, double start, double end)
    {
        if (r.SinkLog is not { } path)
        {
            return [(start, end)];
        }

        var log = SinkLog.Read(path);
        var cuts = log.Firsts.Concat(log.Gaps.Select(g => g.First)).Append(start).Append(end)
            .Where(c => c >= start && c <= end).Order().ToArray();
        return cuts.Zip(cuts.Skip(1)).Select(c => (Math.Max(start, c.First + 500), c.Second)).Where(c => c.Item2 - c.Item1 >= 10_000).ToArray();
    }

    /// <summary>The longest stretch of [start, end) without a sink (re)start or underrun (the whole span for null rooms).</summary>
    private static (double From, double To) LongestSegment(RoomServer r, double start, double end)
    {
        if (r.SinkLog is not { } path)
        {
            return (start, end);
        }

        var log = SinkLog.Read(path);
        var cuts = log.Firsts.Concat(log.Gaps.Select(g => g.First)).Append(start).Append(end)
            .Where(c => c >= start && c <= end).Order().ToArray();
        var longest = cuts.Zip(cuts.Skip(1)).MaxBy(c => c.Second - c.First);
        return (Math.Max(start, longest.First + 500), longest.Second); // 0.5 s for the restarted clock to settle
    }

    private static (List<double> X, List<double> Y) Windows(StatusSample[] samples, double start, double end, double w, Func<StatusSample[], double> estimate)
    {
        var x = new List<double>();
        var y = new List<double>();
        for (var t = start; t + w <= end; t += w)
        {
            var win = samples.Where(s => s.MidMs >= t && s.MidMs < t + w).ToArray();
            var v = estimate(win);
            if (double.IsFinite(v))
            {
                x.Add(t + (w / 2));
                y.Add(v);
            }
        }

        return (x, y);
    }

    private static double Residual((List<double> X, List<double> Y) xy) => Stats.Fit(xy.X, xy.Y).ResidualSd;

    // ---------------------------------------------------------------- corrections

    private static List<Trial> RunTrials(RoomServer room, StatusPoller poller, List<(string Kind, double Param)> plan)
    {
        var trials = new List<Trial>();
        using var cmd = room.Connect();
        Thread.Sleep(2000);
        foreach (var (kind, param) in plan)
        {
            var t = StatusPoller.NowMs() + 20;
            var oBefore = Position.Envelope(poller.Between(t - 1500, t - 20));
            if (t + oBefore > (CounterMusic.LongSeconds - 60) * 1000.0)
            {
                // near the end of the long song: back to its start, and 3 s for readings of the new position
                cmd.Send("seekcur 10");
                Thread.Sleep(3000);
                t = StatusPoller.NowMs() + 20;
                oBefore = Position.Envelope(poller.Between(t - 1500, t - 20));
            }

            double s1, s2, intended;
            var replyMs = 0.0;
            switch (kind)
            {
                case "pause":
                case "pauseplay":
                case "toggle":
                {
                    var (first, second) = kind switch
                    {
                        "pause" => ("pause 1", "pause 0"),
                        "pauseplay" => ("pause 1", "play"),
                        _ => ("pause", "pause"),
                    };
                    SpinUntil(t);
                    var w1 = cmd.Write(first);
                    SpinUntil(t + param);
                    var w2 = cmd.Write(second);
                    var r1 = cmd.ReadReply(w1);
                    var r2 = cmd.ReadReply(w2);
                    s1 = Ms(w1);
                    s2 = Ms(w2);
                    replyMs = Ms(r1.ReceivedAt) - s1;
                    intended = -(s2 - s1);
                    break;
                }

                case "seekabs":
                {
                    // aim: the position we predict at the send instant, plus param ms
                    var x = Math.Round(t + oBefore + param) / 1000.0;
                    SpinUntil(t);
                    var reply = cmd.Send("seekcur " + x.ToString("F3", Inv));
                    s1 = s2 = Ms(reply.SentAt);
                    replyMs = Ms(reply.ReceivedAt) - s1;
                    intended = (x * 1000) - s1 - oBefore;
                    break;
                }

                default: // seekrel
                {
                    SpinUntil(t);
                    var reply = cmd.Send("seekcur " + (param >= 0 ? "+" : "-") + Math.Abs(param / 1000).ToString("F3", Inv));
                    s1 = s2 = Ms(reply.SentAt);
                    replyMs = Ms(reply.ReceivedAt) - s1;
                    intended = param;
                    break;
                }
            }

            SleepUntil(s2 + 3000);
            var after = poller.Between(s2 + 1500, s2 + 3000);
            var oAfter = Position.Envelope(after);
            // tolerance: 0.5 ms for null rooms; the pipe room's elapsed jitters by ~2 ms against its audio (5 ms sink ticks)
            var (settle, overshoot) = Position.Settle(poller.Between(s2, s2 + 3000), s2, oAfter, room.IsPipe ? 2.0 : 0.5);
            var paused = poller.Between(s1, s2 + 1000).Where(s => s.State == 'Z').ToArray();
            trials.Add(new Trial(room.Name, kind, param, s1, s2, replyMs, oBefore, oAfter, intended, settle, overshoot,
                paused.Length, paused.Length > 0 ? paused[^1].MidMs - paused[0].MidMs : 0,
                poller.IdleEventsBetween(s1, s1 + 1500).Length));
        }

        if (room.SinkLog is { } path)
        {
            var log = SinkLog.Read(path);
            foreach (var tr in trials)
            {
                tr.ABefore = Stats.Median(log.AudibleOffsets(tr.Send1 - 1500, tr.Send1 - 20, CounterMusic.LongSong));
                tr.AAfter = Stats.Median(log.AudibleOffsets(tr.Send2 + 1500, tr.Send2 + 3000, CounterMusic.LongSong));
                tr.SinkStarts = log.Starts.Count(s => s >= tr.Send1 && s < tr.Send2 + 1500);
                var eof = log.Eofs.Where(e => e.T >= tr.Send1 && e.T < tr.Send2 + 1500).Select(e => e.T).FirstOrDefault(double.NaN);
                if (double.IsFinite(eof))
                {
                    tr.SinkGapMs = log.Firsts.Where(f => f > eof).FirstOrDefault(double.NaN) - eof;
                }

                tr.UnderrunMs = log.Gaps.Where(g => g.First >= tr.Send1 && g.First < tr.Send2 + 1500).Sum(g => g.First - g.Last);
            }
        }

        return trials;
    }

    private static void ReportTrials(List<Trial> trials, Action<string> Out)
    {
        Out("\n## Corrections (all ms). error = envelope shift − intended shift (pause: intended = −Δ as sent, so error = −(extra delay));");
        Out("audible error = same from the sink's frame log (pipe only); settle = time after the (last) send until readings are back within 0.5 ms (pipe: 2 ms) of the new envelope (window 1.5–3 s after).\n");
        Out("room | correction | Δ/param | n | error mean | error sd | error min | error max | audible err mean | audible err sd | settle mean | settle max | max overshoot | sink restarts | sink silence (eof→first) mean | underrun | status 'pause' seen (trials, mean ms) | idle events mean | reply ms");
        Out("--|--|--|--|--|--|--|--|--|--|--|--|--|--|--|--|--|--|--");
        foreach (var g in trials.GroupBy(t => (t.Room, t.Kind, t.Param)).OrderBy(g => g.Key.Room).ThenBy(g => g.Key.Kind).ThenBy(g => g.Key.Param))
        {
            var e = Stats.Of(g.Select(t => t.Error));
            var a = Stats.Of(g.Select(t => t.AError));
            var settle = Stats.Of(g.Select(t => t.SettleMs));
            var gap = Stats.Of(g.Select(t => t.SinkGapMs));
            var pausedTrials = g.Count(t => t.PausedSamples > 0);
            Out(string.Create(Inv,
                $"{g.Key.Room} | {g.Key.Kind} | {g.Key.Param} | {e.N} | {e.Mean:F2} | {e.Sd:F2} | {e.Min:F2} | {e.Max:F2} | {a.Mean:F2} | {a.Sd:F2} | {settle.Mean:F0} | {settle.Max:F0} | {g.Max(t => t.OvershootMs):F1} | {g.Average(t => t.SinkStarts):F1} | {gap.Mean:F1} (sd {gap.Sd:F1}) | {g.Average(t => t.UnderrunMs):F1} | {pausedTrials}/{g.Count()}, {g.Where(t => t.PausedSamples > 0).Select(t => t.PausedMs).DefaultIfEmpty(0).Average():F0} | {g.Average(t => t.IdleEvents):F1} | {g.Average(t => t.ReplyMs):F2}"));
        }
    }

    // ---------------------------------------------------------------- songs

    private static void SongsPhase(RoomServer[] rooms, Dictionary<RoomServer, StatusPoller> pollers, Action<string> Out)
    {
        Out($"\n## Gapless song changes (12 short songs of 4.83–5.34 s, twice; load {Load()})\n");
        var total = CounterMusic.ShortMs.Sum();
        var passes = new List<(double From, double To)>();
        for (var pass = 0; pass < 2; pass++)
        {
            foreach (var r in rooms)
            {
                using var c = r.Connect();
                c.Send("clear");
                for (var i = 0; i < CounterMusic.ShortMs.Length; i++)
                {
                    c.Send("add " + CounterMusic.ShortFile(i));
                }
            }

            var from = StatusPoller.NowMs();
            foreach (var r in rooms)
            {
                using var c = r.Connect();
                c.Send("play 0");
            }

            Thread.Sleep(total + 1500);
            passes.Add((from, StatusPoller.NowMs()));
        }

        Out("room | boundaries | envelope continuity: new − (old − duration) mean | sd | min | max | audible continuity mean | sd | sink restarts at boundaries | duration field vs file (ms, max abs)");
        Out("--|--|--|--|--|--|--|--|--|--");
        foreach (var r in rooms)
        {
            var cont = new List<double>();
            var acont = new List<double>();
            var durErr = 0.0;
            var log = r.SinkLog is { } path ? SinkLog.Read(path) : null;
            var restarts = 0;
            foreach (var (from, to) in passes)
            {
                var samples = pollers[r].Between(from, to);
                var env = new double[CounterMusic.ShortMs.Length];
                var aud = new double[CounterMusic.ShortMs.Length];
                for (var k = 0; k < env.Length; k++)
                {
                    var mine = samples.Where(s => s.Song == k && s.State == 'P').ToArray();
                    if (mine.Length < 10)
                    {
                        env[k] = aud[k] = double.NaN;
                        continue;
                    }

                    durErr = Math.Max(durErr, Math.Abs(mine[0].DurationMs - CounterMusic.ShortMs[k]));
                    var a = mine[0].MidMs + 700;
                    var b = mine[^1].MidMs - 300;
                    env[k] = Position.Envelope(mine.Where(s => s.MidMs >= a && s.MidMs < b), k);
                    aud[k] = log is null ? double.NaN : Stats.Median(log.AudibleOffsets(a, b, CounterMusic.ShortSong(k)));
                    if (log is not null && k > 0)
                    {
                        restarts += log.Starts.Count(s => s >= mine[0].MidMs - 500 && s < mine[0].MidMs + 500);
                    }
                }

                for (var k = 0; k + 1 < env.Length; k++)
                {
                    cont.Add(env[k + 1] - (env[k] - CounterMusic.ShortMs[k]));
                    acont.Add(aud[k + 1] - (aud[k] - CounterMusic.ShortMs[k]));
                }
            }

            var c1 = Stats.Of(cont);
            var c2 = Stats.Of(acont);
            Out(string.Create(Inv, $"{r.Name} | {c1.N} | {c1.Mean:F2} | {c1.Sd:F2} | {c1.Min:F2} | {c1.Max:F2} | {c2.Mean:F2} | {c2.Sd:F2} | {(log is null ? "-" : restarts.ToString(Inv))} | {durErr:F1}"));
        }
    }

    // ---------------------------------------------------------------- helpers

    private static double Ms(long timestamp) => timestamp * 1000.0 / Stopwatch.Frequency;

    /// <summary>Sleeps until 2 ms before the instant, then spins to it (a short spin: the machine is shared).</summary>
    private static void SpinUntil(double ms)
    {
        while (ms - StatusPoller.NowMs() > 2.5)
        {
            Thread.Sleep(1);
        }

        while (StatusPoller.NowMs() < ms)
        {
            Thread.SpinWait(20);
        }
    }

    private static void SleepUntil(double ms)
    {
        var left = ms - StatusPoller.NowMs();
        if (left > 0)
        {
            Thread.Sleep(TimeSpan.FromMilliseconds(left));
        }
    }

    private static string Load() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    private static string MpdVersion()
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo("mpd", "--version") { RedirectStandardOutput = true, UseShellExecute = false })!;
            var first = p.StandardOutput.ReadLine() ?? "?";
            p.WaitForExit();
            return first.Replace("Music Player Daemon ", "", StringComparison.Ordinal);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "?";
        }
    }
}

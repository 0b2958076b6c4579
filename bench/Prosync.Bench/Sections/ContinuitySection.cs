using System.Diagnostics;
using System.Globalization;
using Prosync.Bench.Continuity;
using Prosync.Bench.Measure;
using Prosync.Bench.Report;
using Prosync.Bench.Skew;
using Prosync.Host.Lab;

namespace Prosync.Bench.Sections;

/// <summary>
/// continuity: do rooms stay in step over a whole session? Two arms run at once on this machine, each 3 rooms whose
/// audio clocks run −40/0/+60 ppm off (a pipe output into <see cref="PpmSink"/>) behind latency relays: "prosync"
/// (continuity on) and "no correction" (<c>ContinuityOptions.Enabled = false</c>). The rooms are loaded and started
/// directly, 0/45/90 ms apart, before the proxies start (they must adopt them); then the same script, at the same
/// instants, goes through both proxies, with a room of each arm killed and restarted at half time. Positions are read
/// on each MPD's own connection (<see cref="RoomPoller"/>, <see cref="SpreadAnalysis"/>). A third group, the floor,
/// is 3 rooms at 0 ppm without relays or proxy, started by one command: the meter's own noise plus MPD's.
/// </summary>
public static class ContinuitySection
{
    public static readonly double[] Ppm = [-40, 0, 60];
    public static readonly double[] StartDelaysMs = [0, 45, 90];

    public sealed record ArmResult(
        string Arm,
        SpreadStats Steady,
        SpreadStats AfterEvents,
        SpreadStats WarmUp,
        int SteadyWithCorrection,
        Summary SteadyWithoutCorrectionWindows,
        double CorrectionsPerRoomPerHour,
        double CorrectionsPerRoomPerMinute,
        int MaxCorrectionsPerRoomPerMinute,
        IReadOnlyList<RoomFigures> Rooms,
        IReadOnlyList<MinuteSpread> PerMinute,
        IReadOnlyList<CorrectionEffect> CorrectionEffects,
        IReadOnlyList<ArmEvent> Events);

    public sealed record FloorResult(SpreadStats Spread, Summary Noise, double[] RoomMedianOffsetsMs, double[] MeasuredPpm, int[] Underruns);

    public sealed record Result(
        string Link,
        double Minutes,
        double[] Ppm,
        double[] StartDelaysMs,
        IReadOnlyList<ScriptStep> Script,
        ArmResult Prosync,
        ArmResult NoCorrection,
        FloorResult Floor,
        string LoadBefore,
        string LoadAfter,
        double Seconds);

    public static async Task<Result> RunAsync(BenchContext ctx)
    {
        var sw = Stopwatch.StartNew();
        var options = ctx.Options;
        var link = options.ContinuityLink;
        var seconds = options.ContinuityMinutes * 60;
        var loadBefore = ProcessStats.LoadAverage();
        var script = ContinuityScript.Make(seconds, options.Seed);
        ctx.Say($"continuity: 2 arms × 3 rooms at {string.Join("/", Ppm)} ppm on {link} links + a 3-room floor; {options.ContinuityMinutes:0.#} min; script: "
            + string.Join(", ", script.Select(s => $"{s.AtSeconds:0}s {s.What}")));
        var log = ctx.ProxyLog("continuity");
        var arms = new List<ContinuityArm>();
        try
        {
            var starts = new[]
            {
                ContinuityArm.StartAsync("prosync", true, Ppm, ctx.Library.MusicDirectory, link, options.Seed),
                ContinuityArm.StartAsync("no correction", false, Ppm, ctx.Library.MusicDirectory, link, options.Seed),
                ContinuityArm.StartAsync("floor", null, [0, 0, 0], ctx.Library.MusicDirectory, null, options.Seed),
            };
            try
            {
                await Task.WhenAll(starts);
            }
            finally
            {
                arms.AddRange(starts.Where(s => s.IsCompletedSuccessfully).Select(s => s.Result));
            }

            var (prosync, plain, floor) = (arms[0], arms[1], arms[2]);
            var proxied = new[] { prosync, plain };
            await Task.WhenAll(arms.Select(a => a.LoadQueuesAsync()));
            for (var a = 0; a < arms.Count; a++)
            {
                arms[a].StartPolling((options.Seed * 100) + (a * 10));
            }

            await Task.Delay(300);
            var t0 = StartPlaying(proxied, floor);
            ctx.Say("continuity: rooms playing (started directly); starting the proxies");
            await Task.WhenAll(proxied.Select(a => a.StartProxyAsync(log)));
            ctx.Say($"continuity: proxies in sync {(RoomPoller.NowMs() - t0) / 1000:0.0} s after the first room started; running the script");

            using var stop = new CancellationTokenSource();
            var monitor = MonitorAsync(proxied, stop.Token);
            var background = new List<Task>();
            foreach (var step in script)
            {
                var due = t0 + (step.AtSeconds * 1000);
                var wait = due - RoomPoller.NowMs();
                if (wait > 0)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(wait));
                }

                if (step.Command == "kill")
                {
                    background.AddRange(proxied.Select(a => KillAndRestartAsync(ctx, a, ContinuityScript.KilledRoom)));
                    continue;
                }

                var errors = await Task.WhenAll(proxied.Select(a => Task.Run(() =>
                {
                    var at = RoomPoller.NowMs();
                    string? error;
                    try
                    {
                        error = a.Send(step.Command);
                    }
                    catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException)
                    {
                        error = e.Message;
                    }

                    lock (a.Events)
                    {
                        a.Events.Add(new ArmEvent(at, RoomPoller.NowMs(), step.What));
                    }

                    return error is null ? null : $"{a.Name}: {error}";
                })));
                ctx.Say($"continuity {step.AtSeconds:0} s: {step.What}" + string.Concat(errors.OfType<string>().Select(e => $" [{e}]")));
            }

            var end = t0 + (seconds * 1000);
            var left = end - RoomPoller.NowMs();
            if (left > 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(left));
            }

            await Task.WhenAll(background);
            await stop.CancelAsync();
            await monitor;
            foreach (var a in proxied)
            {
                await a.SampleStatusAsync(RoomPoller.NowMs());
            }

            var windows = new Dictionary<string, IReadOnlyList<SpreadAnalysis.Window>>();
            var result = new Result(link, options.ContinuityMinutes, Ppm, StartDelaysMs, script,
                Analyse(prosync, t0, end, windows), Analyse(plain, t0, end, windows), AnalyseFloor(floor, t0, end, windows),
                loadBefore, ProcessStats.LoadAverage(), sw.Elapsed.TotalSeconds);
            Print(ctx, result);
            ctx.Results.Write($"continuity-{link}", result);
            // Every window of every arm (offsets per room, spread, kind), for plots and for finding what dominates.
            ctx.Results.Write($"continuity-{link}-windows", windows.ToDictionary(w => w.Key, w => w.Value.Select(x => x with { FromMs = (x.FromMs - t0) / 1000 }).ToList()));
            return result;
        }
        finally
        {
            foreach (var arm in arms)
            {
                // The sinks' logs (every start, gap and EOF of each room's audio clock) go with the results.
                for (var i = 0; i < arm.Rooms.Count; i++)
                {
                    if (arm.Rooms[i].SinkLogPath is { } path && File.Exists(path))
                    {
                        File.Copy(path, ctx.Results.PathOf($"continuity-sink-{arm.Name.Replace(' ', '-')}-{ContinuityArm.NameOf(i)}.log"), overwrite: true);
                    }
                }

                await arm.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// Starts every room directly: room i of each arm at t0 + <see cref="StartDelaysMs"/>[i] (both arms at the same
    /// instants), the floor's three rooms by one command at t0, written back to back. Returns t0 (ms).
    /// </summary>
    private static double StartPlaying(IReadOnlyList<ContinuityArm> arms, ContinuityArm floor)
    {
        var clients = arms.Select(a => a.Rooms.Select(r => MpdClient.Connect(r.Host, r.Port)).ToArray()).ToArray();
        var floorClients = floor.Rooms.Select(r => MpdClient.Connect(r.Host, r.Port)).ToArray();
        try
        {
            var t0 = RoomPoller.NowMs() + 100;
            var sent = new List<(MpdClient Client, long At)>();
            var thread = new Thread(() =>
            {
                static void SpinUntil(double ms)
                {
                    while (RoomPoller.NowMs() < ms)
                    {
                        Thread.SpinWait(20);
                    }
                }

                SpinUntil(t0);
                sent.AddRange(floorClients.Select(c => (c, c.Write("play 0"))));
                for (var i = 0; i < StartDelaysMs.Length; i++)
                {
                    SpinUntil(t0 + StartDelaysMs[i]);
                    sent.AddRange(clients.Select(c => (c[i], c[i].Write("play 0"))));
                }
            }) { Name = "continuity-start", Priority = ThreadPriority.Highest };
            thread.Start();
            thread.Join();
            foreach (var (client, at) in sent)
            {
                var reply = client.ReadReply(at);
                if (!reply.IsOk)
                {
                    throw new InvalidOperationException($"play failed: {reply.Error}");
                }
            }

            return t0;
        }
        finally
        {
            foreach (var c in clients.SelectMany(c => c).Concat(floorClients))
            {
                c.Dispose();
            }
        }
    }

    private static async Task MonitorAsync(IReadOnlyList<ContinuityArm> arms, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            foreach (var arm in arms)
            {
                try
                {
                    await arm.SampleStatusAsync(RoomPoller.NowMs());
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // a busy cluster; the next sample will do
                }
            }

            try
            {
                await Task.Delay(2000, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static async Task KillAndRestartAsync(BenchContext ctx, ContinuityArm arm, int room)
    {
        var killedAt = RoomPoller.NowMs();
        arm.Rooms[room].Kill();
        await Task.Delay(2000);
        await arm.Rooms[room].RestartAsync();
        Lab.CpuAffinity.Release(arm.Rooms[room].ProcessId);
        var back = await arm.WaitInSyncAsync(room, TimeSpan.FromSeconds(60));
        lock (arm.Events)
        {
            arm.Events.Add(new ArmEvent(killedAt, back, $"room{room + 1} killed, restarted"));
        }

        ctx.Say($"continuity {arm.Name}: room{room + 1} killed, restarted, in sync again {(back - killedAt) / 1000:0.0} s after the kill");
    }

    private static SpreadAnalysis.RoomInput[] Inputs(ContinuityArm arm) =>
        arm.Rooms.Select((r, i) => new SpreadAnalysis.RoomInput(ContinuityArm.NameOf(i), arm.Ppm[i], arm.Pollers[i].Samples(), SinkStarts.Read(r.SinkLogPath), SinkStarts.Gaps(r.SinkLogPath))).ToArray();

    private static ArmResult Analyse(ContinuityArm arm, double t0, double end, Dictionary<string, IReadOnlyList<SpreadAnalysis.Window>> windows)
    {
        List<ArmEvent> events;
        lock (arm.Events)
        {
            events = [.. arm.Events];
        }

        var inputs = Inputs(arm);
        var a = SpreadAnalysis.Run(inputs, t0, end, events);
        windows[arm.Name] = a.Windows;
        var from = t0 + SpreadAnalysis.WarmUpMs;
        var minutes = (end - from) / 60_000;
        var byName = arm.LastStatus?.Servers.ToDictionary(s => s.Name);
        // windows from the analysis are on the absolute time line here
        var proxyMinusBench = SpreadAnalysis.ProxyMinusBench(a.Windows, inputs, arm.Views().Select(v => (v.AtMs, v.Primary, v.ErrorMs)));
        var rooms = inputs.Select((r, i) =>
        {
            var (total, maxPerMinute) = arm.Corrections(i, from, end);
            var status = byName?.GetValueOrDefault(r.Name)?.Continuity;
            return new RoomFigures(r.Name, r.TruePpm, a.MeasuredPpm[i], status?.ClockRatePpm, status?.ClockRateUncertaintyPpm, total, total / minutes * 60,
                maxPerMinute, a.MedianDeviationMs[i], a.P95AbsDeviationMs[i], a.ExtremeShare[i], r.SinkStarts.Count, r.Underruns, Summary.Of(proxyMinusBench[i]), Summary.Of(proxyMinusBench[i].Select(Math.Abs)));
        }).ToArray();
        return new ArmResult(arm.Name, a.Steady, a.AfterEvents, a.WarmUp, a.SteadyWithCorrection, a.SteadyWithoutCorrectionWindows,
            rooms.Average(r => r.CorrectionsPerHour), rooms.Average(r => r.CorrectionsPerHour) / 60, rooms.Max(r => r.MaxCorrectionsPerMinute),
            rooms, a.PerMinute, a.CorrectionEffects, events.Concat(a.SongChanges).OrderBy(e => e.AtMs).Select(e => e with { AtMs = (e.AtMs - t0) / 1000, UntilMs = (e.UntilMs - t0) / 1000 }).ToList());
    }

    private static FloorResult AnalyseFloor(ContinuityArm floor, double t0, double end, Dictionary<string, IReadOnlyList<SpreadAnalysis.Window>> windows)
    {
        var inputs = Inputs(floor);
        var a = SpreadAnalysis.Run(inputs, t0, end, []);
        windows[floor.Name] = a.Windows;
        var steady = a.Windows.Where(w => w.Kind == "steady" && w.Comparable).ToList();
        var medians = Enumerable.Range(0, floor.Rooms.Count).Select(r => Summary.Percentile(steady.Select(w => w.OffsetsMs[r]).Order().ToArray(), 0.5)).ToArray();
        var noise = Summary.Of(steady.Select(w =>
        {
            var d = w.OffsetsMs.Select((o, r) => o - medians[r]).ToArray();
            return d.Max() - d.Min();
        }));
        return new FloorResult(a.Steady, noise, medians.Select(m => m - medians.Min()).ToArray(), a.MeasuredPpm, inputs.Select(r => r.Underruns).ToArray());
    }

    private static string Ms3(Summary s) => $"{Table.Ms(s.P50)} / {Table.Ms(s.P95)} / {Table.Ms(s.Max)}";

    public static void Print(BenchContext ctx, Result r)
    {
        ctx.Print($"\n### continuity: 2 arms × 3 rooms at {string.Join("/", r.Ppm.Select(p => p.ToString("+0;−0;0", CultureInfo.InvariantCulture)))} ppm on {r.Link} links, "
            + $"started {string.Join("/", r.StartDelaysMs)} ms apart, {r.Minutes:0.#} min, both arms at once (load {r.LoadBefore} → {r.LoadAfter})\n");
        ctx.Print("Position spread between an arm's rooms (max − min of each room's offset per 2-s window; elapsed read on each MPD's own connection, upper envelope), ms:\n");
        var t = new Table("arm", "steady windows (all same song)", "spread p50 / p95 / max", "… of which with a correction", "spread without them p95 / max",
            "after events (all same song)", "spread p50 / p95 / max", "first 15 s p50 / max", "corrections / room / hour", "… / minute (mean, max in any 60 s)");
        foreach (var a in new[] { r.Prosync, r.NoCorrection })
        {
            t.Add(a.Arm, $"{a.Steady.Windows} ({a.Steady.Comparable})", Ms3(a.Steady.Spread), a.SteadyWithCorrection,
                $"{Table.Ms(a.SteadyWithoutCorrectionWindows.P95)} / {Table.Ms(a.SteadyWithoutCorrectionWindows.Max)}",
                $"{a.AfterEvents.Windows} ({a.AfterEvents.Comparable})", Ms3(a.AfterEvents.Spread),
                $"{Table.Ms(a.WarmUp.Spread.P50)} / {Table.Ms(a.WarmUp.Spread.Max)}",
                a.CorrectionsPerRoomPerHour.ToString("0", CultureInfo.InvariantCulture),
                $"{a.CorrectionsPerRoomPerMinute.ToString("0.00", CultureInfo.InvariantCulture)} ({a.MaxCorrectionsPerRoomPerMinute})");
        }

        t.Add("floor (3 rooms at 0 ppm, no relay/proxy, one start command)", $"{r.Floor.Spread.Windows} ({r.Floor.Spread.Comparable})", Ms3(r.Floor.Spread.Spread), "–",
            $"noise (each room's median removed): {Table.Ms(r.Floor.Noise.P95)} / {Table.Ms(r.Floor.Noise.Max)}", "–", "–", "–", "–", "–");
        ctx.Print(t.ToString());

        ctx.Print("Per room: clock (true | the proxy's estimate at the end ± its uncertainty | the bench's, from the offsets' slope in steady runs), corrections, and its offset against the rooms' median in steady windows:\n");
        var rooms = new Table("arm", "room", "true ppm", "proxy's ppm", "bench's ppm", "corrections", "sink starts", "underruns", "median offset vs rooms (ms)", "p95 |offset| (ms)", "the extreme room in",
            "proxy's error − bench's, vs primary: p50 / p95 |·| (n)");
        foreach (var a in new[] { r.Prosync, r.NoCorrection })
        {
            foreach (var room in a.Rooms)
            {
                rooms.Add(a.Arm, room.Room, room.TruePpm.ToString("+0;−0;0", CultureInfo.InvariantCulture),
                    room.ProxyPpm is { } p ? $"{p.ToString("+0.0;−0.0;0.0", CultureInfo.InvariantCulture)} ± {room.ProxyPpmUncertainty?.ToString("0.0", CultureInfo.InvariantCulture)}" : "–",
                    double.IsFinite(room.MeasuredPpm) ? room.MeasuredPpm.ToString("+0.0;−0.0;0.0", CultureInfo.InvariantCulture) : "–",
                    room.Corrections, room.SinkStarts, room.Underruns, room.MedianDeviationMs, room.P95AbsDeviationMs, $"{100 * room.ExtremeShare:0}% of windows",
                    room.ProxyMinusBenchMs.Count == 0 ? "–" : $"{Table.Ms(room.ProxyMinusBenchMs.P50)} / {Table.Ms(room.ProxyMinusBenchAbsMs.P95)} ({room.ProxyMinusBenchMs.Count})");
            }
        }

        ctx.Print(rooms.ToString());
        ctx.Print($"Floor: rooms' median offsets from the earliest {string.Join(" / ", r.Floor.RoomMedianOffsetsMs.Select(Table.Ms))} ms (the start command's own skew); bench's ppm {string.Join(" / ", r.Floor.MeasuredPpm.Select(p => p.ToString("0.0", CultureInfo.InvariantCulture)))} (true 0); underruns {string.Join(" / ", r.Floor.Underruns)}.\n");

        var minutes = r.Prosync.PerMinute.Select(m => m.Minute).Union(r.NoCorrection.PerMinute.Select(m => m.Minute)).Order().ToList();
        ctx.Print("Spread over time, steady windows per minute, p95 / max (ms):\n");
        var overTime = new Table(["arm", .. minutes.Select(m => $"min {m + 1}")]);
        foreach (var a in new[] { r.Prosync, r.NoCorrection })
        {
            overTime.Add([a.Arm, .. minutes.Select(m => a.PerMinute.FirstOrDefault(x => x.Minute == m) is { } x ? (object?)$"{Table.Ms(x.P95Ms)} / {Table.Ms(x.MaxMs)}" : "–")]);
        }

        ctx.Print(overTime.ToString());
        var effects = r.Prosync.CorrectionEffects;
        if (effects.Count > 0)
        {
            var measured = effects.Where(e => double.IsFinite(e.BeforeMs) && double.IsFinite(e.AfterMs)).ToList();
            ctx.Print($"Corrections seen by the bench (a room's sink restarted in steady play): {effects.Count}; with a comparable window before and after: {measured.Count}; "
                + $"|offset vs the others| before p50 {Table.Ms(Summary.Of(measured.Select(e => Math.Abs(e.BeforeMs))).P50)} ms, after p50 {Table.Ms(Summary.Of(measured.Select(e => Math.Abs(e.AfterMs))).P50)} ms; "
                + $"sign flipped (overshoot) {measured.Count(e => Math.Sign(e.BeforeMs) != Math.Sign(e.AfterMs) && Math.Abs(e.AfterMs) > 1)}; "
                + $"per room {string.Join(", ", effects.GroupBy(e => e.Room).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}"))}.");
        }

        ctx.Print($"Events (s after the first room started, both arms): {string.Join("; ", r.Prosync.Events.Select(e => $"{e.AtMs:0.0} {e.What}"))}.\n");
    }
}

using Prosync.Bench.Measure;

namespace Prosync.Bench.Continuity;

/// <summary>Something that moves the rooms on purpose: a scripted command, a song change, a room restarting.</summary>
public sealed record ArmEvent(double AtMs, double UntilMs, string What);

/// <summary>Spread of one kind of window: how many there were, how many had every room playing the same song, the spread in those (ms).</summary>
public sealed record SpreadStats(int Windows, int Comparable, Summary Spread);

/// <summary>Steady-window spread within one minute of the run.</summary>
public sealed record MinuteSpread(int Minute, int Windows, double P95Ms, double MaxMs);

/// <summary>A room's figures: its own offset against the rooms' median in steady windows, its clock, its corrections.</summary>
public sealed record RoomFigures(
    string Room,
    double TruePpm,
    double MeasuredPpm,
    double? ProxyPpm,
    double? ProxyPpmUncertainty,
    int Corrections,
    double CorrectionsPerHour,
    int MaxCorrectionsPerMinute,
    double MedianDeviationMs,
    double P95AbsDeviationMs,
    double ExtremeShare,
    int SinkStarts,
    int Underruns,
    Summary ProxyMinusBenchMs,
    Summary ProxyMinusBenchAbsMs);

/// <summary>What a correction did (a sink start in steady play that no script event explains): the room's deviation from the others' median before and after.</summary>
public sealed record CorrectionEffect(string Room, double AtSeconds, double BeforeMs, double AfterMs);

/// <summary>
/// Cuts a run into 2-s windows and measures, per window, each room's offset (elapsed − time) by the upper envelope
/// of its readings: elapsed lags the true position by 0..1 output step and a slow reading only lowers it, so the
/// largest offset is the best one (biased low by the smallest lag seen, ~0.2 ms with ~130 dithered readings).
/// Why 2 s and not 1: with the pipe output, elapsed − time is a sawtooth of one chunk (23 ms) and 1.46 s period
/// (MPD's 4032-byte chunks go through stdio's 4096-byte pipe writes, and a chunk counts as played when fwrite
/// returns; every 63 chunks two complete at once), so only a window longer than 1.46 s always holds a peak. Readings
/// that took over 2 ms, that were not playing, or that fall where a sink start-up fill inflates elapsed
/// (<see cref="SinkStarts"/>) are not used. The spread is max − min over the rooms in windows where every room played
/// the same song; windows that overlap the 2 s after an event (or a restart until the room is back + 2 s) are
/// counted apart, as are the first 15 s.
/// </summary>
public static class SpreadAnalysis
{
    public const double WindowMs = 2000;
    public const double AfterEventMs = 2000;
    public const double WarmUpMs = 15_000;
    private const double MaxRttMs = 2;
    private const int MinSamples = 16;

    public sealed record RoomInput(string Name, double TruePpm, PositionSample[] Samples, IReadOnlyList<SinkStarts.Start> SinkStarts, int Underruns);

    /// <summary>One window; <paramref name="Readings"/>: per room, the readings in it / playing / quick (RTT ≤ 2 ms) / usable (not blind).</summary>
    public sealed record Window(int Index, double FromMs, string Kind, double[] OffsetsMs, int[] Songs, bool Comparable, double SpreadMs, bool HasCorrection, string[] Readings);

    public sealed record Analysis(
        IReadOnlyList<Window> Windows,
        SpreadStats Steady,
        SpreadStats AfterEvents,
        SpreadStats WarmUp,
        int SteadyWithCorrection,
        Summary SteadyWithoutCorrectionWindows,
        IReadOnlyList<MinuteSpread> PerMinute,
        double[] MeasuredPpm,
        double[] MedianDeviationMs,
        double[] P95AbsDeviationMs,
        double[] ExtremeShare,
        IReadOnlyList<ArmEvent> SongChanges,
        IReadOnlyList<CorrectionEffect> CorrectionEffects);

    public static Analysis Run(IReadOnlyList<RoomInput> rooms, double t0Ms, double endMs, IReadOnlyList<ArmEvent> scripted)
    {
        var songChanges = SongChanges(rooms);
        var events = scripted.Concat(songChanges).ToList();
        var blind = rooms.Select(r => r.SinkStarts.Select(s => s.Blind).ToArray()).ToArray();
        // A sink start that no event explains is a correction (a timed pause) in steady play.
        var corrections = rooms.Select(r => r.SinkStarts.Where(s => s.StartMs > t0Ms + 1000 && !events.Any(e => s.StartMs >= e.AtMs - 200 && s.StartMs <= e.UntilMs + AfterEventMs)).ToArray()).ToArray();
        var count = (int)Math.Floor((endMs - t0Ms) / WindowMs);
        var windows = new List<Window>(count);
        var cursors = new int[rooms.Count];
        for (var w = 0; w < count; w++)
        {
            var from = t0Ms + (w * WindowMs);
            var to = from + WindowMs;
            var offsets = new double[rooms.Count];
            var songs = new int[rooms.Count];
            var comparable = true;
            var readings = new string[rooms.Count];
            for (var r = 0; r < rooms.Count; r++)
            {
                var samples = rooms[r].Samples;
                while (cursors[r] < samples.Length && samples[cursors[r]].MidMs < from)
                {
                    cursors[r]++;
                }

                var best = double.NaN;
                var n = 0;
                var song = int.MinValue;
                int all = 0, playing = 0, quick = 0;
                for (var i = cursors[r]; i < samples.Length && samples[i].MidMs < to; i++)
                {
                    var s = samples[i];
                    all++;
                    if (s.State != 'P' || !double.IsFinite(s.ElapsedMs))
                    {
                        continue;
                    }

                    playing++;
                    if (s.RttMs > MaxRttMs)
                    {
                        continue;
                    }

                    quick++;
                    if (blind[r].Any(b => s.MidMs >= b.From && s.MidMs <= b.To))
                    {
                        continue;
                    }

                    song = song == int.MinValue || song == s.Song ? s.Song : -2;
                    n++;
                    if (!(s.OffsetMs <= best))
                    {
                        best = s.OffsetMs;
                    }
                }

                readings[r] = $"{all}/{playing}/{quick}/{n}";
                offsets[r] = n >= MinSamples ? best : double.NaN;
                songs[r] = n >= MinSamples ? song : -1;
                comparable &= n >= MinSamples && song >= 0 && song == songs[0];
            }

            var kind = from < t0Ms + WarmUpMs ? "warm-up"
                : events.Any(e => from < e.UntilMs + AfterEventMs && to > e.AtMs) ? "after event"
                : "steady";
            var hasCorrection = corrections.Any(c => c.Any(s => s.StartMs < to && s.FirstMs + 500 > from));
            windows.Add(new Window(w, from, kind, offsets, songs, comparable, comparable ? offsets.Max() - offsets.Min() : double.NaN, hasCorrection, readings));
        }

        SpreadStats Stats(string kind)
        {
            var of = windows.Where(x => x.Kind == kind).ToList();
            return new SpreadStats(of.Count, of.Count(x => x.Comparable), Summary.Of(of.Where(x => x.Comparable).Select(x => x.SpreadMs)));
        }

        var steady = windows.Where(x => x.Kind == "steady" && x.Comparable).ToList();
        var perMinute = steady.GroupBy(x => (int)((x.FromMs - t0Ms) / 60_000)).OrderBy(g => g.Key)
            .Select(g => { var s = Summary.Of(g.Select(x => x.SpreadMs)); return new MinuteSpread(g.Key, s.Count, s.P95, s.Max); }).ToList();
        var deviations = rooms.Select((_, r) => steady.Select(x => x.OffsetsMs[r] - Median(x.OffsetsMs)).ToArray()).ToArray();
        var extreme = new double[rooms.Count];
        foreach (var x in steady)
        {
            var median = Median(x.OffsetsMs);
            extreme[Enumerable.Range(0, rooms.Count).MaxBy(r => Math.Abs(x.OffsetsMs[r] - median))] += 1.0 / Math.Max(1, steady.Count);
        }

        var effects = new List<CorrectionEffect>();
        for (var r = 0; r < rooms.Count; r++)
        {
            foreach (var c in corrections[r])
            {
                var before = windows.LastOrDefault(x => x.FromMs + WindowMs <= c.StartMs - 50 && x.FromMs + WindowMs > c.StartMs - 3000 && x.Comparable);
                var after = windows.FirstOrDefault(x => x.FromMs >= c.Blind.To && x.FromMs < c.Blind.To + 3000 && x.Comparable);
                effects.Add(new CorrectionEffect(rooms[r].Name, (c.StartMs - t0Ms) / 1000,
                    before is null ? double.NaN : Deviation(before.OffsetsMs, r),
                    after is null ? double.NaN : Deviation(after.OffsetsMs, r)));
            }
        }

        return new Analysis(windows, Stats("steady"), Stats("after event"), Stats("warm-up"),
            steady.Count(x => x.HasCorrection), Summary.Of(steady.Where(x => !x.HasCorrection).Select(x => x.SpreadMs)), perMinute,
            rooms.Select((_, r) => MeasuredPpm(windows, r)).ToArray(),
            deviations.Select(d => Median(d)).ToArray(),
            deviations.Select(d => Summary.Of(d.Select(Math.Abs)).P95).ToArray(),
            extreme, songChanges, effects);
    }

    /// <summary>
    /// The proxy's view against the bench's: for each status sample in a steady comparable window, the proxy's
    /// position error of room r against its primary minus the bench's (offset r − offset of the primary), ms.
    /// </summary>
    public static List<double>[] ProxyMinusBench(IReadOnlyList<Window> windows, IReadOnlyList<RoomInput> rooms, IEnumerable<(double AtMs, string? Primary, double?[] ErrorMs)> views)
    {
        var differences = rooms.Select(_ => new List<double>()).ToArray();
        foreach (var (at, primary, errors) in views)
        {
            var p = rooms.ToList().FindIndex(r => r.Name == primary);
            var w = windows.FirstOrDefault(x => at >= x.FromMs && at < x.FromMs + WindowMs);
            if (p < 0 || w is null || w.Kind != "steady" || !w.Comparable)
            {
                continue;
            }

            for (var r = 0; r < rooms.Count; r++)
            {
                if (r != p && errors[r] is { } e)
                {
                    differences[r].Add(e - (w.OffsetsMs[r] - w.OffsetsMs[p]));
                }
            }
        }

        return differences;
    }

    /// <summary>Room r against the median of the others (ms, + ahead).</summary>
    private static double Deviation(double[] offsets, int r) => offsets[r] - Median(offsets.Where((_, i) => i != r).ToArray());

    private static double Median(IReadOnlyList<double> values) => Summary.Percentile(values.Where(double.IsFinite).Order().ToArray(), 0.5);

    /// <summary>Song changes seen on the rooms' own connections (each room's first reading of the new song), merged within 1 s.</summary>
    private static List<ArmEvent> SongChanges(IReadOnlyList<RoomInput> rooms)
    {
        var changes = new List<double>();
        foreach (var room in rooms)
        {
            var last = int.MinValue;
            foreach (var s in room.Samples)
            {
                if (s.State != 'P' || s.Song < 0)
                {
                    continue;
                }

                if (last != int.MinValue && s.Song != last)
                {
                    changes.Add(s.MidMs);
                }

                last = s.Song;
            }
        }

        var merged = new List<ArmEvent>();
        foreach (var t in changes.Order())
        {
            if (merged.Count > 0 && t - merged[^1].UntilMs < 1000)
            {
                merged[^1] = merged[^1] with { UntilMs = t };
            }
            else
            {
                merged.Add(new ArmEvent(t, t, "song change"));
            }
        }

        return merged;
    }

    /// <summary>
    /// The room's clock rate as the bench sees it: least-squares slope of its window offsets over runs of at least
    /// 20 consecutive steady windows (a run ends at any event or correction), runs combined by weight n³.
    /// </summary>
    private static double MeasuredPpm(IReadOnlyList<Window> windows, int r)
    {
        double sum = 0, weight = 0;
        var run = new List<(double T, double O)>();
        void Flush()
        {
            if (run.Count >= 20)
            {
                var mt = run.Average(p => p.T);
                var mo = run.Average(p => p.O);
                var slope = run.Sum(p => (p.T - mt) * (p.O - mo)) / run.Sum(p => (p.T - mt) * (p.T - mt));
                var w = Math.Pow(run.Count, 3);
                sum += slope * 1e6 * w;
                weight += w;
            }

            run.Clear();
        }

        foreach (var x in windows)
        {
            if (x.Kind == "steady" && !x.HasCorrection && double.IsFinite(x.OffsetsMs[r]))
            {
                run.Add((x.FromMs + (WindowMs / 2), x.OffsetsMs[r]));
            }
            else
            {
                Flush();
            }
        }

        Flush();
        return weight > 0 ? sum / weight : double.NaN;
    }
}

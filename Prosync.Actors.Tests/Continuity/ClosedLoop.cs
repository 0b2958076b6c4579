using Prosync.Actors.Continuity;

namespace Prosync.Actors.Tests.Continuity;

/// <summary>
/// Simulates the whole continuity loop over synthetic rooms: probes feed the estimators, an
/// envelope point a second feeds the rate trackers, the planner runs every 2 s, and its pauses
/// and seeks move the simulated music (with actuation noise) and restart the estimators.
/// </summary>
internal sealed class ClosedLoop
{
    /// <summary>Spreads (max − min true offset) every 100 ms after the settling time, sorted; corrections per room in total and after settling.</summary>
    public sealed record Result(IReadOnlyList<double> Spreads, int[] Corrections, int[] SettledCorrections, double SettledMinutes)
    {
        public double Percentile(double p) => Spreads[(int)Math.Min(Spreads.Count - 1, Spreads.Count * p)];

        /// <summary>The most-corrected room's corrections per minute after settling.</summary>
        public double MaxSettledPerMinute => SettledCorrections.Max() / SettledMinutes;
    }

    public static Result Run(
        int seed,
        double[] ppms,
        double[] startOffsetsMs,
        CorrectionOptions options,
        double minutes = 10,
        double stepMs = 23.22,
        double actuationNoiseMs = 0.5,
        double settleMs = 15_000,
        PositionEstimatorOptions? estimatorOptions = null,
        bool carry = true,
        double probeIntervalMs = 100,
        Action<string>? log = null)
    {
        var random = new Random(seed);
        int n = ppms.Length;
        var rooms = new SyntheticRoom[n];
        var estimators = new PositionEstimator[n];
        var trackers = new ClockRateTracker[n];
        var lastCorrection = new double?[n];
        var corrections = new int[n];
        var settledCorrections = new int[n];
        for (int i = 0; i < n; i++)
        {
            rooms[i] = new SyntheticRoom(seed * 31 + i, stepMs, startOffsetsMs[i], ppms[i], bursts: true, oneWayMs: 1 + i, probeIntervalMs: probeIntervalMs);
            estimators[i] = new PositionEstimator(estimatorOptions);
            trackers[i] = new ClockRateTracker();
        }

        double endMs = minutes * 60_000, nextPlan = 2_000, nextFeed = 1_000, nextMeasure = settleMs;
        var spreads = new List<double>();
        while (true)
        {
            int next = 0;
            for (int i = 1; i < n; i++)
            {
                if (rooms[i].NextSendMs < rooms[next].NextSendMs)
                    next = i;
            }
            double t = Math.Min(rooms[next].NextSendMs, Math.Min(nextPlan, Math.Min(nextFeed, nextMeasure)));
            if (t > endMs)
                break;

            if (t == nextMeasure)
            {
                double max = double.NegativeInfinity, min = double.PositiveInfinity;
                foreach (var room in rooms)
                {
                    max = Math.Max(max, room.TrueOffsetAt(t));
                    min = Math.Min(min, room.TrueOffsetAt(t));
                }
                spreads.Add(max - min);
                nextMeasure += 100;
            }
            else if (t == nextFeed)
            {
                for (int i = 0; i < n; i++)
                {
                    trackers[i].Add(estimators[i]);
                    var rate = trackers[i].Current;
                    if (rate.IsKnown)
                        estimators[i].SetRate(rate.Ppm);
                }
                nextFeed += 1_000;
            }
            else if (t == nextPlan)
            {
                var positions = new RoomPosition[n];
                for (int i = 0; i < n; i++)
                {
                    var e = estimators[i].Current;
                    var rate = trackers[i].Current;
                    positions[i] = new RoomPosition(
                        $"room{i}",
                        e.IsValid,
                        e.IsValid ? e.OffsetAt(t, estimators[i].RatePpm) : double.NaN,
                        e.UncertaintyMs,
                        rate.IsKnown ? rate.Ppm : null,
                        lastCorrection[i],
                        IsPrimary: i == 0);
                }
                foreach (var c in CorrectionPlanner.Plan(positions, t, options))
                {
                    int i = int.Parse(c.Room.AsSpan(4));
                    if (log is not null)
                    {
                        var truth = rooms.Select(r => r.TrueOffsetAt(t)).ToArray();
                        log($"{t / 1000,7:F1}s {c.Room} {c.Kind} {c.AmountMs:F2} est err {c.ErrorMs:F2} true {string.Join(" ", truth.Select(x => (x - truth.Min()).ToString("F2")))} unc {string.Join(" ", positions.Select(p => p.UncertaintyMs.ToString("F2")))} est {string.Join(" ", positions.Select(p => (p.OffsetMs - truth[0]).ToString("F2")))} rate {string.Join(" ", positions.Select(p => p.RatePpm?.ToString("F0") ?? "-"))} | {c.Reason}");
                    }
                    double noise = (random.NextDouble() * 2 - 1) * actuationNoiseMs;
                    if (c.Kind == CorrectionKind.Pause)
                        rooms[i].Move(t, -(c.AmountMs + noise));
                    else
                        rooms[i].Move(t, c.AmountMs + noise, isSeek: true);
                    estimators[i].Restart(t, carry && c.Kind == CorrectionKind.Pause ? -c.AmountMs : null);
                    lastCorrection[i] = t;
                    corrections[i]++;
                    if (t >= settleMs)
                        settledCorrections[i]++;
                }
                nextPlan += 2_000;
            }
            else
            {
                var sample = rooms[next].NextRead();
                estimators[next].Add(sample, rooms[next].OneWayMs);
            }
        }

        spreads.Sort();
        return new Result(spreads, corrections, settledCorrections, (endMs - settleMs) / 60_000);
    }
}

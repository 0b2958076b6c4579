namespace Prosync.Bench.Continuity;

/// <summary>Position estimates from <c>status</c> samples (offset = elapsed − time, ms).</summary>
public static class Position
{
    /// <summary>
    /// Upper envelope: the largest offset while playing. elapsed lags the true position by 0..1 step and any
    /// delay in reading it only lowers the sample, so the maximum is the best estimate (biased low by the
    /// smallest lag seen, ~step/samples-per-step).
    /// </summary>
    public static double Envelope(IEnumerable<StatusSample> samples, int song = -2)
    {
        var best = double.NaN;
        foreach (var s in samples)
        {
            if (s.State == 'P' && double.IsFinite(s.ElapsedMs) && (song == -2 || s.Song == song) && !(s.Offset <= best))
            {
                best = s.Offset;
            }
        }

        return best;
    }

    /// <summary>PlaybackPosition's method: each elapsed step dated at the midpoint of the two polls around it; median.</summary>
    public static double StepMidpoint(IReadOnlyList<StatusSample> samples)
    {
        var offsets = new List<double>();
        for (var i = 1; i < samples.Count; i++)
        {
            var a = samples[i - 1];
            var b = samples[i];
            if (a.State == 'P' && b.State == 'P' && a.Song == b.Song && b.ElapsedMs != a.ElapsedMs)
            {
                offsets.Add(b.ElapsedMs - ((a.MidMs + b.MidMs) / 2));
            }
        }

        return Stats.Median(offsets);
    }

    /// <summary>Nonzero differences between consecutive elapsed readings (ms), within one song while playing.</summary>
    public static IEnumerable<double> Steps(IReadOnlyList<StatusSample> samples)
    {
        for (var i = 1; i < samples.Count; i++)
        {
            var a = samples[i - 1];
            var b = samples[i];
            if (a.State == 'P' && b.State == 'P' && a.Song == b.Song && b.ElapsedMs != a.ElapsedMs)
            {
                yield return b.ElapsedMs - a.ElapsedMs;
            }
        }
    }

    /// <summary>
    /// How long after <paramref name="fromMs"/> until readings are trustworthy for the envelope again: the later of
    /// the last sample above <paramref name="settled"/> + tol (an overshoot would poison a max) and the first
    /// sample within tol of it.
    /// </summary>
    public static (double SettleMs, double MaxOvershootMs) Settle(IReadOnlyList<StatusSample> samples, double fromMs, double settled, double tol = 0.5)
    {
        double lastOver = 0, firstIn = double.NaN, overshoot = double.NegativeInfinity;
        foreach (var s in samples)
        {
            if (s.MidMs < fromMs || s.State != 'P' || !double.IsFinite(s.ElapsedMs))
            {
                continue;
            }

            var d = s.Offset - settled;
            overshoot = Math.Max(overshoot, d);
            if (d > tol)
            {
                lastOver = s.MidMs - fromMs;
            }

            if (double.IsNaN(firstIn) && Math.Abs(d) <= tol)
            {
                firstIn = s.MidMs - fromMs;
            }
        }

        return (Math.Max(lastOver, double.IsNaN(firstIn) ? double.PositiveInfinity : firstIn), overshoot);
    }
}

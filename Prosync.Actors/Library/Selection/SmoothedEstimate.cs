namespace Prosync.Actors.Library.Selection;

/// <summary>
/// An exponentially weighted mean of positive samples that rejects outliers: a sample further than
/// <see cref="OutlierFactor"/> times from the current mean (above or below) is held back, and taken only if the
/// next one confirms it (two in a row mean the link really changed, one is a hiccup such as a GC pause).
/// Pure and immutable, so the measurement store can swap estimates atomically.
/// </summary>
public sealed record SmoothedEstimate
{
    /// <summary>Weight of a new sample; 0.3 follows a real change within ~5 samples yet damps jitter.</summary>
    public const double Alpha = 0.3;

    /// <summary>How far (as a ratio) a sample may be from the mean before it counts as an outlier.</summary>
    public const double OutlierFactor = 4.0;

    public static readonly SmoothedEstimate Empty = new();

    /// <summary>The smoothed value; null before the first sample.</summary>
    public double? Value { get; private init; }

    /// <summary>Samples taken into <see cref="Value"/>.</summary>
    public int Samples { get; private init; }

    /// <summary>Samples rejected as outliers so far.</summary>
    public int Rejected { get; private init; }

    /// <summary>An outlier waiting for confirmation by the next sample.</summary>
    private double? Pending { get; init; }

    /// <summary>This estimate with <paramref name="sample"/> taken in (or held back as an outlier).</summary>
    public SmoothedEstimate Add(double sample)
    {
        if (!double.IsFinite(sample) || sample < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(sample), sample, "a measurement is finite and not negative");
        }
        if (Value is not { } mean)
        {
            return this with { Value = sample, Samples = 1, Pending = null };
        }
        if (IsOutlier(sample, mean))
        {
            if (Pending is { } previous && !IsOutlier(sample, previous))
            {
                // Confirmed: the link changed; restart from the two new samples rather than creep towards them.
                return this with { Value = (previous + sample) / 2, Samples = Samples + 1, Pending = null };
            }
            return this with { Pending = sample, Rejected = Rejected + 1 };
        }
        return this with { Value = mean + (Alpha * (sample - mean)), Samples = Samples + 1, Pending = null };
    }

    private static bool IsOutlier(double sample, double mean)
    {
        // Tiny values (sub-millisecond latency on loopback) vary by large ratios without meaning anything.
        var floor = Math.Max(mean, 1e-3);
        return sample > floor * OutlierFactor || sample < floor / OutlierFactor;
    }
}

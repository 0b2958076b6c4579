namespace Prosync.Actors.Latency;

/// <summary>Order statistics shared by the estimators. Inputs are sorted ascending and non-empty.</summary>
internal static class RobustStats
{
    /// <summary>Scales a MAD to the standard deviation of Gaussian noise (1 / Φ⁻¹(3/4)).</summary>
    public const double MadToSigma = 1.4826;

    public static double MedianOfSorted(ReadOnlySpan<double> sorted)
    {
        int n = sorted.Length;
        if (n % 2 == 1)
            return sorted[n / 2];
        double a = sorted[(n / 2) - 1], b = sorted[n / 2];
        return a + ((b - a) / 2); // exact when a == b
    }

    /// <summary>Incremental mean: the mean of identical values is that value, bit for bit.</summary>
    public static double Mean(ReadOnlySpan<double> values)
    {
        double mean = 0;
        for (int i = 0; i < values.Length; i++)
            mean += (values[i] - mean) / (i + 1);
        return mean;
    }

    /// <summary>1.4826 × median(|x − median(x)|).</summary>
    public static double ScaledMad(ReadOnlySpan<double> sorted, Span<double> scratch)
    {
        double median = MedianOfSorted(sorted);
        Span<double> deviations = scratch[..sorted.Length];
        for (int i = 0; i < sorted.Length; i++)
            deviations[i] = Math.Abs(sorted[i] - median);
        deviations.Sort();
        return MadToSigma * MedianOfSorted(deviations);
    }

    /// <summary>
    /// Mean excess over the minimum of the lower half (the ⌈n/2⌉ smallest values): how far the
    /// typical quiet sample sits above the floor. Samples in the upper half, where bursts land,
    /// cannot move it.
    /// </summary>
    public static double LowerHalfExcess(ReadOnlySpan<double> sorted)
    {
        int half = (sorted.Length + 1) / 2;
        double min = sorted[0], mean = 0;
        for (int i = 0; i < half; i++)
            mean += (sorted[i] - min - mean) / (i + 1);
        return mean;
    }
}

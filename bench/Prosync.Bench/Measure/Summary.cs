namespace Prosync.Bench.Measure;

/// <summary>Order statistics of one sample (ms unless stated); NaN fields when the sample is empty.</summary>
public sealed record Summary(int Count, double P50, double P95, double P99, double Max, double Mean)
{
    public static Summary Empty { get; } = new(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);

    /// <summary>Percentiles by linear interpolation between order statistics (Hyndman–Fan type 7, as numpy's default).</summary>
    public static Summary Of(IEnumerable<double> values)
    {
        var sorted = values.Where(double.IsFinite).Order().ToArray();
        if (sorted.Length == 0)
        {
            return Empty;
        }

        return new Summary(sorted.Length, Percentile(sorted, 0.50), Percentile(sorted, 0.95), Percentile(sorted, 0.99),
            sorted[^1], sorted.Average());
    }

    /// <summary>
    /// A 90 % bootstrap percentile interval for the <paramref name="p"/> quantile (2000 resamples, fixed seed):
    /// with 60 commands a p95 rests on the 3 largest, so its uncertainty belongs next to it.
    /// </summary>
    public static double[] BootstrapInterval(IReadOnlyList<double> values, double p, int seed = 12345)
    {
        var data = values.Where(double.IsFinite).ToArray();
        if (data.Length < 2)
        {
            return [double.NaN, double.NaN];
        }

        var random = new Random(seed);
        var estimates = new double[2000];
        var sample = new double[data.Length];
        for (var b = 0; b < estimates.Length; b++)
        {
            for (var i = 0; i < sample.Length; i++)
            {
                sample[i] = data[random.Next(data.Length)];
            }

            Array.Sort(sample);
            estimates[b] = Percentile(sample, p);
        }

        Array.Sort(estimates);
        return [Percentile(estimates, 0.05), Percentile(estimates, 0.95)];
    }

    /// <summary>The <paramref name="p"/> quantile of ascending <paramref name="sorted"/> values.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double p)
    {
        if (sorted.Count == 0)
        {
            return double.NaN;
        }

        var rank = p * (sorted.Count - 1);
        var low = (int)Math.Floor(rank);
        var high = Math.Min(low + 1, sorted.Count - 1);
        return sorted[low] + ((rank - low) * (sorted[high] - sorted[low]));
    }
}

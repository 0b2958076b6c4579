namespace Prosync.Actors.Latency;

/// <summary>Result of a 1-D 2-means split of sorted values: the first <c>LowCount</c> values form the low cluster.</summary>
internal readonly record struct TwoMeansSplit(double LowCentroid, double HighCentroid, int LowCount, int HighCount, int Iterations);

/// <summary>What a batch reduces to: the mean of the kept samples and how many were discarded.</summary>
internal readonly record struct BatchReduction(double Mean, int Kept, int Rejected);

/// <summary>
/// The seed's batch reduction: 2-means (Lloyd's iteration) with the centroids initialised at the
/// batch minimum and maximum, then a lopsided split drops its smaller cluster as outliers.
/// </summary>
internal static class TwoMeans
{
    private const int MaxIterations = 100;

    /// <summary>Splits sorted, non-empty values. Equal values form one cluster (<c>HighCount</c> 0).</summary>
    public static TwoMeansSplit Split(ReadOnlySpan<double> sorted)
    {
        int n = sorted.Length;
        double low = sorted[0], high = sorted[n - 1];
        if (low == high)
            return new TwoMeansSplit(low, high, n, 0, 0);

        int lowCount = -1, iterations = 0;
        while (iterations < MaxIterations)
        {
            iterations++;
            // Nearest centroid in 1-D: below or at the midpoint goes low (ties go low). Since
            // low centroid < midpoint < high centroid, the minimum always lands low and the maximum high.
            double mid = low + ((high - low) / 2);
            int k = 0;
            while (k < n && sorted[k] <= mid)
                k++;
            if (k == lowCount)
                break; // assignments stable: the centroids are already their clusters' means
            lowCount = k;
            low = RobustStats.Mean(sorted[..k]);
            high = RobustStats.Mean(sorted[k..]);
        }
        return new TwoMeansSplit(low, high, lowCount, n - lowCount, iterations);
    }

    /// <summary>Mean of the batch after dropping the smaller cluster of a lopsided split.</summary>
    public static BatchReduction Reduce(ReadOnlySpan<double> sorted, double lopsidedFraction)
    {
        int n = sorted.Length;
        var split = Split(sorted);
        double limit = (lopsidedFraction * n) + 1e-9;
        if (split.HighCount > 0 && split.HighCount < split.LowCount && split.HighCount <= limit)
            return new BatchReduction(split.LowCentroid, split.LowCount, split.HighCount);
        if (split.HighCount > 0 && split.LowCount < split.HighCount && split.LowCount <= limit)
            return new BatchReduction(split.HighCentroid, split.HighCount, split.LowCount);
        return new BatchReduction(RobustStats.Mean(sorted), n, 0);
    }
}

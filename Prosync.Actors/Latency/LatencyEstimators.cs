namespace Prosync.Actors.Latency;

/// <summary>
/// The registry of estimators, so configuration and the benchmark can pick one by name.
/// </summary>
public static class LatencyEstimators
{
    /// <summary>The original Prosync method: per-batch 2-means outlier rejection, EWMA across batches.</summary>
    public const string Batch2Means = "batch-2means";

    /// <summary>Median of a sliding window of RTTs.</summary>
    public const string Median = "median";

    /// <summary>Minimum of a sliding window plus a weighted lower-half deviation.</summary>
    public const string MinDev = "min-dev";

    /// <summary>Mean of the quiet probes: those within a band above the window's lower quartile, which bursts cannot reach.</summary>
    public const string QuietMean = "quiet-mean";

    /// <summary>Every name <see cref="Create(string, LatencyEstimatorOptions)"/> accepts.</summary>
    public static IReadOnlyList<string> Names { get; } = [Batch2Means, Median, MinDev, QuietMean];

    /// <summary>Creates a fresh estimator.</summary>
    /// <param name="name">One of <see cref="Names"/> (ordinal, case-insensitive).</param>
    /// <param name="options">Tuning; validated here.</param>
    /// <exception cref="ArgumentException">Unknown <paramref name="name"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Invalid <paramref name="options"/>.</exception>
    public static ILatencyEstimator Create(string name, LatencyEstimatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return name.ToLowerInvariant() switch
        {
            Batch2Means => new Batch2MeansEstimator(options),
            Median => new MedianEstimator(options),
            MinDev => new MinDevEstimator(options),
            QuietMean => new QuietMeanEstimator(options),
            _ => throw new ArgumentException(
                $"Unknown latency estimator '{name}'; known: {string.Join(", ", Names)}.", nameof(name)),
        };
    }
}

namespace Prosync.Actors.Latency;

/// <summary>
/// What an <see cref="ILatencyEstimator"/> currently believes about one path.
/// </summary>
/// <param name="RttMs">Estimated round-trip time of the probe connection, in ms.</param>
/// <param name="OneWayMs">
/// <paramref name="RttMs"/> / 2: the network part of the one-way delay. It does NOT include the
/// server's configured <c>offsetMs</c>; the caller adds that when it builds a path delay.
/// </param>
/// <param name="JitterMs">
/// Robust spread of the recent RTTs: 1.4826 × the median absolute deviation of the last
/// <see cref="LatencyEstimatorOptions.WindowSize"/> RTTs (the factor makes it equal the
/// standard deviation for Gaussian noise, while a minority of burst samples barely moves it).
/// </param>
/// <param name="Samples">Answered probes fed since construction or the last reset.</param>
/// <param name="OutliersRejected">Samples the estimator discarded as outliers since the last reset.</param>
public readonly record struct LatencyEstimate(double RttMs, double OneWayMs, double JitterMs, int Samples, int OutliersRejected)
{
    /// <summary>No sample yet: the path cannot be timed.</summary>
    public static LatencyEstimate None { get; } = default;

    /// <summary>True once at least one sample has been seen.</summary>
    public bool HasValue => Samples > 0;
}

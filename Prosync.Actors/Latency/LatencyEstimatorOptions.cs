namespace Prosync.Actors.Latency;

/// <summary>
/// Tuning for the latency estimators. Each estimator reads only the knobs it uses; all of them
/// use <see cref="WindowSize"/> for the jitter measure.
/// </summary>
public sealed record LatencyEstimatorOptions
{
    /// <summary>The defaults below.</summary>
    public static LatencyEstimatorOptions Default { get; } = new();

    /// <summary><c>batch-2means</c>: probes per batch (one second at the default 10 probes/s).</summary>
    public int BatchSize { get; init; } = 10;

    /// <summary><c>batch-2means</c>: weight of the newest batch mean in the EWMA across batches, in (0, 1].</summary>
    public double EwmaAlpha { get; init; } = 0.3;

    /// <summary><c>median</c>, <c>min-dev</c> and <c>quiet-mean</c>: RTTs in the sliding window; all estimators: jitter window.</summary>
    public int WindowSize { get; init; } = 50;

    /// <summary>
    /// <c>batch-2means</c>: a 2-means split whose smaller cluster holds at most this fraction of
    /// the batch is lopsided, and the smaller cluster is discarded as outliers. In [0, 0.5).
    /// </summary>
    public double LopsidedFraction { get; init; } = 0.2;

    /// <summary><c>min-dev</c>: weight of the deviation added to the window minimum; ≥ 0.</summary>
    public double DeviationWeight { get; init; } = 0.5;

    /// <summary>
    /// <c>quiet-mean</c>: the window quantile that anchors the quiet band, in [0, 1). Bursts only add
    /// delay, so it is a quiet probe while fewer than (1 − this) of the window are hit.
    /// </summary>
    public double QuietQuantile { get; init; } = 0.25;

    /// <summary>
    /// <c>quiet-mean</c>: the quiet band reaches this many times (anchor − window minimum) above the
    /// anchor; ≥ 0. 3 takes in the whole of a symmetric or one-sided jitter and stops well short of
    /// a burst that adds several times the jitter.
    /// </summary>
    public double QuietBandWidth { get; init; } = 3;

    /// <summary><c>quiet-mean</c>: fixed part of the band above the anchor, in ms (for a window of near-equal RTTs); ≥ 0.</summary>
    public double QuietMarginMs { get; init; } = 0.1;

    /// <summary>Throws if a knob is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A knob is out of range.</exception>
    public void Validate()
    {
        if (BatchSize < 1)
            throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "must be at least 1");
        if (!(EwmaAlpha > 0 && EwmaAlpha <= 1))
            throw new ArgumentOutOfRangeException(nameof(EwmaAlpha), EwmaAlpha, "must be in (0, 1]");
        if (WindowSize < 1)
            throw new ArgumentOutOfRangeException(nameof(WindowSize), WindowSize, "must be at least 1");
        if (!(LopsidedFraction >= 0 && LopsidedFraction < 0.5))
            throw new ArgumentOutOfRangeException(nameof(LopsidedFraction), LopsidedFraction, "must be in [0, 0.5)");
        if (!(DeviationWeight >= 0 && double.IsFinite(DeviationWeight)))
            throw new ArgumentOutOfRangeException(nameof(DeviationWeight), DeviationWeight, "must be finite and non-negative");
        if (!(QuietQuantile >= 0 && QuietQuantile < 1))
            throw new ArgumentOutOfRangeException(nameof(QuietQuantile), QuietQuantile, "must be in [0, 1)");
        if (!(QuietBandWidth >= 0 && double.IsFinite(QuietBandWidth)))
            throw new ArgumentOutOfRangeException(nameof(QuietBandWidth), QuietBandWidth, "must be finite and non-negative");
        if (!(QuietMarginMs >= 0 && double.IsFinite(QuietMarginMs)))
            throw new ArgumentOutOfRangeException(nameof(QuietMarginMs), QuietMarginMs, "must be finite and non-negative");
    }
}

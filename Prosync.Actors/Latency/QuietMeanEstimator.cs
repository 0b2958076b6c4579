namespace Prosync.Actors.Latency;

/// <summary>
/// <c>quiet-mean</c>: the mean RTT of the window's quiet probes, those that met no burst. Bursts only
/// ever add delay, so the window's low quantile (<see cref="LatencyEstimatorOptions.QuietQuantile"/>,
/// the lower quartile by default) is a quiet probe as long as fewer than three quarters of the window
/// are hit. The quiet probes are taken to be those up to that quantile plus
/// <see cref="LatencyEstimatorOptions.QuietBandWidth"/> times its distance from the window minimum
/// (the spread of the quiet jitter seen from below, where no burst lands) plus
/// <see cref="LatencyEstimatorOptions.QuietMarginMs"/>; a burst of more than that never enters. Their mean
/// is what a command sees on average when the link is quiet: the base delay plus the mean jitter,
/// which the window minimum (min-dev) reads low and a mean over all probes (batch-2means, when
/// bursts hit a fifth or more of a batch) reads high. The jitter reported is the scaled MAD of
/// the quiet probes, so bursts do not widen the pre-send probe's lateness threshold either.
/// </summary>
internal sealed class QuietMeanEstimator(LatencyEstimatorOptions options) : WindowedEstimator(options)
{
    private readonly double[] _scratch = new double[options.WindowSize];

    public override string Name => LatencyEstimators.QuietMean;

    protected override double Reduce(ReadOnlySpan<double> sorted) => RobustStats.Mean(Quiet(sorted));

    protected override double Jitter(ReadOnlySpan<double> sorted)
    {
        return RobustStats.ScaledMad(Quiet(sorted), _scratch);
    }

    /// <summary>The quiet band: a prefix of the sorted window, never empty.</summary>
    private ReadOnlySpan<double> Quiet(ReadOnlySpan<double> sorted)
    {
        double anchor = sorted[(int)Math.Floor(Options.QuietQuantile * (sorted.Length - 1))];
        double limit = anchor + (Options.QuietBandWidth * (anchor - sorted[0])) + Options.QuietMarginMs;
        int count = 1;
        while (count < sorted.Length && sorted[count] <= limit)
            count++;
        return sorted[..count];
    }
}

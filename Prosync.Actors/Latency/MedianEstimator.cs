namespace Prosync.Actors.Latency;

/// <summary><c>median</c>: the median of the window; bursts shorter than half the window cannot move it far.</summary>
internal sealed class MedianEstimator(LatencyEstimatorOptions options) : WindowedEstimator(options)
{
    public override string Name => LatencyEstimators.Median;

    protected override double Reduce(ReadOnlySpan<double> sorted) => RobustStats.MedianOfSorted(sorted);
}

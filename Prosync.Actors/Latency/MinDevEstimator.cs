namespace Prosync.Actors.Latency;

/// <summary>
/// <c>min-dev</c>: window minimum + <see cref="LatencyEstimatorOptions.DeviationWeight"/> ×
/// <see cref="RobustStats.LowerHalfExcess"/> (mean of x − min over the lower half of the window).
/// The minimum tracks the path's base delay, which queueing bursts only ever add to; the
/// deviation term lifts the estimate part-way towards the typical quiet sample so a single
/// lucky-fast probe does not pull it below what most commands will see.
/// </summary>
internal sealed class MinDevEstimator(LatencyEstimatorOptions options) : WindowedEstimator(options)
{
    public override string Name => LatencyEstimators.MinDev;

    protected override double Reduce(ReadOnlySpan<double> sorted) =>
        sorted[0] + (Options.DeviationWeight * RobustStats.LowerHalfExcess(sorted));
}

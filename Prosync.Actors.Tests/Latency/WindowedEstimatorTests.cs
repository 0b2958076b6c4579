using Prosync.Actors.Latency;

namespace Prosync.Actors.Tests.Latency;

public class WindowedEstimatorTests
{
    private static ILatencyEstimator Fed(string name, LatencyEstimatorOptions options, params double[] rttsMs)
    {
        var estimator = LatencyEstimators.Create(name, options);
        for (int i = 0; i < rttsMs.Length; i++)
            estimator.Add(new LatencySample(TimeSpan.FromMilliseconds(100 * i), TimeSpan.FromMilliseconds(rttsMs[i])));
        return estimator;
    }

    [Theory]
    [InlineData(new[] { 5.0, 1.0, 3.0 }, 50, 3.0)]
    [InlineData(new[] { 5.0, 1.0, 3.0, 7.0 }, 50, 4.0)]
    [InlineData(new[] { 10.0, 10.0, 10.0, 90.0, 95.0 }, 50, 10.0)]
    [InlineData(new[] { 100.0, 100.0, 100.0, 1.0, 2.0, 3.0 }, 3, 2.0)]   // the old samples slid out
    [InlineData(new[] { 100.0, 100.0, 100.0, 1.0, 2.0, 3.0 }, 4, 2.5)]
    [InlineData(new[] { 4.0, 9.0 }, 1, 9.0)]
    public void Median_is_the_median_of_the_window(double[] rtts, int window, double expected)
    {
        var estimator = Fed(LatencyEstimators.Median, new LatencyEstimatorOptions { WindowSize = window }, rtts);

        Assert.Equal(expected, estimator.Current.RttMs, 12);
        Assert.Equal(expected / 2, estimator.Current.OneWayMs, 12);
        Assert.Equal(rtts.Length, estimator.Current.Samples);
    }

    [Theory]
    // Lower half = the ⌈n/2⌉ smallest; deviation = mean of (x − min) over it.
    [InlineData(new[] { 13.0, 10.0, 50.0, 12.0, 11.0 }, 0.5, 10.5)]  // lower half 10,11,12: dev 1
    [InlineData(new[] { 13.0, 10.0, 50.0, 12.0, 11.0 }, 0.0, 10.0)]
    [InlineData(new[] { 13.0, 10.0, 50.0, 12.0, 11.0 }, 2.0, 12.0)]
    [InlineData(new[] { 10.0, 12.0, 14.0, 100.0 }, 0.5, 10.5)]        // lower half 10,12: dev 1
    [InlineData(new[] { 10.0, 500.0, 600.0 }, 1.0, 255.0)]            // lower half 10,500: dev 245 (majority burst)
    [InlineData(new[] { 7.0 }, 0.5, 7.0)]
    public void MinDev_is_the_minimum_plus_weighted_lower_half_excess(double[] rtts, double weight, double expected)
    {
        var estimator = Fed(LatencyEstimators.MinDev, new LatencyEstimatorOptions { DeviationWeight = weight }, rtts);

        Assert.Equal(expected, estimator.Current.RttMs, 12);
    }

    [Fact]
    public void MinDev_forgets_a_minimum_that_slid_out_of_the_window()
    {
        var estimator = Fed(LatencyEstimators.MinDev, new LatencyEstimatorOptions { WindowSize = 3, DeviationWeight = 0 }, 1, 20, 20, 20);

        Assert.Equal(20, estimator.Current.RttMs);
    }

    [Theory]
    [InlineData(LatencyEstimators.Median)]
    [InlineData(LatencyEstimators.MinDev)]
    [InlineData(LatencyEstimators.Batch2Means)]
    public void Jitter_is_the_scaled_median_absolute_deviation_of_the_window(string name)
    {
        // median 12; |x − 12| = 1, 2, 38, 0, 1 → MAD 1 → × 1.4826
        var estimator = Fed(name, LatencyEstimatorOptions.Default, 13, 10, 50, 12, 11);

        Assert.Equal(1.4826, estimator.Current.JitterMs, 12);
    }

    [Fact]
    public void Jitter_uses_only_the_last_window_of_samples()
    {
        var estimator = Fed(LatencyEstimators.Median, new LatencyEstimatorOptions { WindowSize = 4 }, 1, 90, 3, 50, 10, 10, 10, 10);

        Assert.Equal(0, estimator.Current.JitterMs);
    }

    [Theory]
    [InlineData(LatencyEstimators.Median)]
    [InlineData(LatencyEstimators.MinDev)]
    public void Windowed_estimators_ignore_losses_and_reject_nothing(string name)
    {
        var estimator = Fed(name, new LatencyEstimatorOptions { WindowSize = 3 }, 10, 10, 10);
        for (int i = 0; i < 10; i++)
            estimator.AddLoss(TimeSpan.FromSeconds(i));

        Assert.Equal(new LatencyEstimate(10, 5, 0, 3, 0), estimator.Current);
    }
}

using Prosync.Actors.Latency;
using Xunit.Abstractions;

namespace Prosync.Actors.Tests.Latency;

/// <summary>
/// The windowed estimators on <see cref="BurstyTrace"/>: after the first window fills, EVERY
/// estimate must lie within the stated tolerance of the true base one-way delay (5 ms). Tolerances
/// are in one-way ms; σ = 0.5 ms of RTT jitter is 0.25 ms one-way.
/// </summary>
public class BurstyTraceTests(ITestOutputHelper output)
{
    private const int Probes = 3000; // five minutes at 10/s

    public static TheoryData<string, JitterShape, int, double> Cases() => new()
    {
        // The median sits on the typical sample: the base itself for symmetric jitter,
        // base + 0.67σ for one-sided jitter.
        { LatencyEstimators.Median, JitterShape.Symmetric, 1, 0.5 },
        { LatencyEstimators.Median, JitterShape.Symmetric, 2, 0.5 },
        { LatencyEstimators.Median, JitterShape.Symmetric, 3, 0.5 },
        { LatencyEstimators.Median, JitterShape.OneSided, 1, 0.6 },
        { LatencyEstimators.Median, JitterShape.OneSided, 2, 0.6 },
        { LatencyEstimators.Median, JitterShape.OneSided, 3, 0.6 },
        // min-dev aims at the floor: tight when jitter only adds delay, and biased low by about
        // 1.5σ of RTT (0.37 ms one-way) when jitter is symmetric around the base.
        { LatencyEstimators.MinDev, JitterShape.OneSided, 1, 0.25 },
        { LatencyEstimators.MinDev, JitterShape.OneSided, 2, 0.25 },
        { LatencyEstimators.MinDev, JitterShape.OneSided, 3, 0.25 },
        { LatencyEstimators.MinDev, JitterShape.Symmetric, 1, 0.75 },
        { LatencyEstimators.MinDev, JitterShape.Symmetric, 2, 0.75 },
        { LatencyEstimators.MinDev, JitterShape.Symmetric, 3, 0.75 },
        // quiet-mean sits on the quiet probes' mean: the base for symmetric jitter, base + 0.8σ
        // (0.2 ms one-way) for one-sided jitter.
        { LatencyEstimators.QuietMean, JitterShape.Symmetric, 1, 0.5 },
        { LatencyEstimators.QuietMean, JitterShape.Symmetric, 2, 0.5 },
        { LatencyEstimators.QuietMean, JitterShape.Symmetric, 3, 0.5 },
        { LatencyEstimators.QuietMean, JitterShape.OneSided, 1, 0.5 },
        { LatencyEstimators.QuietMean, JitterShape.OneSided, 2, 0.5 },
        { LatencyEstimators.QuietMean, JitterShape.OneSided, 3, 0.5 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Windowed_estimators_stay_near_the_base_delay_through_bursts(string name, JitterShape shape, int seed, double toleranceMs)
    {
        var estimator = LatencyEstimators.Create(name, LatencyEstimatorOptions.Default);
        int window = LatencyEstimatorOptions.Default.WindowSize, index = 0;
        double worst = 0, sum = 0;
        foreach (var sample in BurstyTrace.Generate(seed, Probes, shape))
        {
            estimator.Add(sample);
            if (++index < window)
                continue;
            double error = estimator.Current.OneWayMs - BurstyTrace.TrueOneWayMs;
            sum += error;
            if (Math.Abs(error) > Math.Abs(worst))
                worst = error;
        }

        output.WriteLine($"{name} {shape} seed {seed}: worst error {worst:+0.000;-0.000} ms, mean error {sum / (Probes - window + 1):+0.000;-0.000} ms");
        Assert.InRange(Math.Abs(worst), 0, toleranceMs);
    }

    [Theory]
    [InlineData(LatencyEstimators.Median)]
    [InlineData(LatencyEstimators.MinDev)]
    [InlineData(LatencyEstimators.QuietMean)]
    public void A_burst_filling_nearly_half_the_window_does_not_move_the_estimate(string name)
    {
        var estimator = LatencyEstimators.Create(name, new LatencyEstimatorOptions { WindowSize = 50 });
        for (int i = 0; i < 50; i++)
            estimator.Add(Sample(i, 10 + (0.01 * (i % 5))));     // quiet: 10.00 .. 10.04 ms
        double quiet = estimator.Current.RttMs;
        for (int i = 50; i < 74; i++)
            estimator.Add(Sample(i, 70));                        // 24 of the last 50 in a burst

        Assert.InRange(estimator.Current.RttMs, 10, 10.05);
        Assert.InRange(Math.Abs(estimator.Current.RttMs - quiet), 0, 0.05);
    }

    [Fact]
    public void Jitter_reads_the_quiet_spread_not_the_bursts()
    {
        var estimator = LatencyEstimators.Create(LatencyEstimators.Median, LatencyEstimatorOptions.Default);
        var readings = new List<double>();
        int index = 0;
        foreach (var sample in BurstyTrace.Generate(7, Probes, JitterShape.Symmetric))
        {
            estimator.Add(sample);
            if (++index >= 50)
                readings.Add(estimator.Current.JitterMs);
        }

        readings.Sort();
        double median = readings[readings.Count / 2];
        output.WriteLine($"jitter readings: median {median:F3} ms, p95 {readings[(int)(readings.Count * 0.95)]:F3} ms (true σ {BurstyTrace.JitterSigmaMs} ms; bursts are +{BurstyTrace.BurstExtraMs} ms)");
        Assert.InRange(median, 0.4, 0.6);
        Assert.InRange(readings[(int)(readings.Count * 0.95)], 0, 1.5);
    }

    private static LatencySample Sample(int index, double rttMs) =>
        new(TimeSpan.FromMilliseconds(100 * index), TimeSpan.FromMilliseconds(rttMs));
}

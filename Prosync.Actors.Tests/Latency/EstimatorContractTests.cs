using Prosync.Actors.Latency;

namespace Prosync.Actors.Tests.Latency;

/// <summary>What every estimator must do, whatever its method.</summary>
public class EstimatorContractTests
{
    public static TheoryData<string> AllNames() => [.. LatencyEstimators.Names];

    public static TheoryData<string, double, int> ConstantCases()
    {
        var data = new TheoryData<string, double, int>();
        foreach (var name in LatencyEstimators.Names)
        {
            foreach (var (rtt, count) in new[] { (0.0, 1), (0.3, 7), (1.1, 10), (12.345, 33), (20.0, 50), (250.7, 137) })
                data.Add(name, rtt, count);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(ConstantCases))]
    public void Constant_rtt_converges_exactly(string name, double rttMs, int count)
    {
        var estimator = LatencyEstimators.Create(name, LatencyEstimatorOptions.Default);
        var rtt = TimeSpan.FromMilliseconds(rttMs);
        for (int i = 0; i < count; i++)
            estimator.Add(new LatencySample(TimeSpan.FromMilliseconds(100 * i), rtt));

        var estimate = estimator.Current;
        Assert.True(estimate.HasValue);
        Assert.Equal(rtt.TotalMilliseconds, estimate.RttMs);
        Assert.Equal(rtt.TotalMilliseconds / 2, estimate.OneWayMs);
        Assert.Equal(0, estimate.JitterMs);
        Assert.Equal(count, estimate.Samples);
        Assert.Equal(0, estimate.OutliersRejected);
    }

    [Theory]
    [MemberData(nameof(AllNames))]
    public void A_fresh_estimator_has_no_estimate(string name)
    {
        var estimator = LatencyEstimators.Create(name, LatencyEstimatorOptions.Default);

        Assert.Equal(name, estimator.Name);
        Assert.Equal(LatencyEstimate.None, estimator.Current);
        Assert.False(estimator.Current.HasValue);
    }

    [Theory]
    [MemberData(nameof(AllNames))]
    public void Losses_alone_give_no_estimate(string name)
    {
        var estimator = LatencyEstimators.Create(name, LatencyEstimatorOptions.Default);
        for (int i = 0; i < 25; i++)
            estimator.AddLoss(TimeSpan.FromMilliseconds(100 * i));

        Assert.False(estimator.Current.HasValue);
    }

    [Theory]
    [MemberData(nameof(AllNames))]
    public void The_first_sample_gives_an_estimate_at_once(string name)
    {
        var estimator = LatencyEstimators.Create(name, LatencyEstimatorOptions.Default);
        estimator.Add(new LatencySample(TimeSpan.Zero, TimeSpan.FromMilliseconds(8)));

        Assert.Equal(new LatencyEstimate(8, 4, 0, 1, 0), estimator.Current);
    }

    [Theory]
    [MemberData(nameof(AllNames))]
    public void Reset_forgets_everything(string name)
    {
        var estimator = LatencyEstimators.Create(name, LatencyEstimatorOptions.Default);
        for (int i = 0; i < 37; i++)
            estimator.Add(new LatencySample(TimeSpan.FromMilliseconds(100 * i), TimeSpan.FromMilliseconds(i % 10 == 3 ? 90 : 10)));
        estimator.AddLoss(TimeSpan.FromSeconds(4));

        estimator.Reset();
        Assert.Equal(LatencyEstimate.None, estimator.Current);

        estimator.Add(new LatencySample(TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(30)));
        Assert.Equal(new LatencyEstimate(30, 15, 0, 1, 0), estimator.Current);
    }

    [Theory]
    [MemberData(nameof(AllNames))]
    public void A_negative_rtt_is_refused(string name)
    {
        var estimator = LatencyEstimators.Create(name, LatencyEstimatorOptions.Default);

        Assert.Throws<ArgumentOutOfRangeException>(() => estimator.Add(new LatencySample(TimeSpan.Zero, TimeSpan.FromTicks(-1))));
        Assert.False(estimator.Current.HasValue);
    }

    [Theory]
    [MemberData(nameof(AllNames))]
    public void A_level_shift_is_followed(string name)
    {
        // A route change: 10 ms for ten seconds, then 30 ms for good. Twenty seconds later every
        // estimator must be at the new level (batch-2means: 20 × 0.7^20 ≈ 0.016 ms short).
        var estimator = LatencyEstimators.Create(name, LatencyEstimatorOptions.Default);
        for (int i = 0; i < 100; i++)
            estimator.Add(new LatencySample(TimeSpan.FromMilliseconds(100 * i), TimeSpan.FromMilliseconds(10)));
        for (int i = 100; i < 300; i++)
            estimator.Add(new LatencySample(TimeSpan.FromMilliseconds(100 * i), TimeSpan.FromMilliseconds(30)));

        Assert.InRange(estimator.Current.RttMs, 29.9, 30);
    }
}

using Prosync.Actors.Latency;

namespace Prosync.Actors.Tests.Latency;

public class Batch2MeansEstimatorTests
{
    private static readonly double[] Quiet = [10.0, 10.2, 9.9, 10.1, 10.0, 9.8, 10.3, 10.0, 10.1, 9.9];

    private static ILatencyEstimator Create(LatencyEstimatorOptions? options = null) =>
        LatencyEstimators.Create(LatencyEstimators.Batch2Means, options ?? LatencyEstimatorOptions.Default);

    private static void Feed(ILatencyEstimator estimator, params double[] rttsMs)
    {
        foreach (double rtt in rttsMs)
            estimator.Add(new LatencySample(TimeSpan.Zero, TimeSpan.FromMilliseconds(rtt)));
    }

    private static double[] Repeat(double rtt, int count) => Enumerable.Repeat(rtt, count).ToArray();

    private static double MeanOf(IEnumerable<double> values) => values.Select(v => TimeSpan.FromMilliseconds(v).TotalMilliseconds).Average();

    public static TheoryData<string, int[], double[], int, double> OutlierBatches() => new()
    {
        // description, positions replaced in Quiet, replacement RTTs, expected rejected, expected mean
        { "one huge spike first", [0], [500], 1, MeanOf(Quiet.Skip(1)) },
        { "one huge spike last", [9], [500], 1, MeanOf(Quiet.Take(9)) },
        { "one moderate spike", [4], [25], 1, MeanOf(Quiet.Where((_, i) => i != 4)) },
        { "two spikes of similar size", [3, 7], [200, 250], 2, MeanOf(Quiet.Where((_, i) => i is not (3 or 7))) },
        { "two adjacent spikes", [5, 6], [61, 60], 2, MeanOf(Quiet.Where((_, i) => i is not (5 or 6))) },
        { "a fast outlier is rejected too", [2], [0.5], 1, MeanOf(Quiet.Where((_, i) => i != 2)) },
        // 2-means puts 200 with the quiet samples (900 drags the high centroid away), so only
        // the 900 is dropped and the 200 skews the mean: a known limit of the method.
        { "two spikes far apart: only the larger goes", [3, 7], [200, 900], 1, MeanOf(Quiet.Select((v, i) => i == 3 ? 200 : v).Where((_, i) => i != 7)) },
    };

    [Theory]
    [MemberData(nameof(OutlierBatches))]
    public void Outliers_in_a_batch_are_rejected_and_counted(string description, int[] positions, double[] values, int rejected, double expectedMean)
    {
        var batch = (double[])Quiet.Clone();
        for (int i = 0; i < positions.Length; i++)
            batch[positions[i]] = values[i];
        var estimator = Create();

        Feed(estimator, batch);

        var estimate = estimator.Current;
        Assert.True(rejected == estimate.OutliersRejected, $"{description}: rejected {estimate.OutliersRejected}, expected {rejected}");
        Assert.Equal(expectedMean, estimate.RttMs, 9);
        Assert.Equal(expectedMean / 2, estimate.OneWayMs, 9);
        Assert.Equal(10, estimate.Samples);
    }

    [Theory]
    // fraction, high samples (30 ms) among 10, expected mean, expected rejected
    [InlineData(0.2, 0, 10.0, 0)]
    [InlineData(0.2, 1, 10.0, 1)]  // lopsided: 1 ≤ 2
    [InlineData(0.2, 2, 10.0, 2)]  // lopsided: 2 ≤ 2
    [InlineData(0.2, 3, 16.0, 0)]  // balanced enough: 3 > 2, keep all
    [InlineData(0.2, 5, 20.0, 0)]  // even split
    [InlineData(0.2, 7, 24.0, 0)]
    [InlineData(0.2, 8, 30.0, 2)]  // lopsided the other way: the 2 fast samples are the smaller cluster
    [InlineData(0.3, 3, 10.0, 3)]  // a looser fraction makes 3 of 10 lopsided
    [InlineData(0.3, 4, 18.0, 0)]
    [InlineData(0.0, 1, 12.0, 0)]  // fraction 0 never rejects
    [InlineData(0.49, 4, 10.0, 4)]
    public void A_lopsided_split_drops_its_smaller_cluster_and_a_balanced_one_keeps_all(double fraction, int high, double mean, int rejected)
    {
        var estimator = Create(new LatencyEstimatorOptions { LopsidedFraction = fraction });

        Feed(estimator, [.. Repeat(30, high), .. Repeat(10, 10 - high)]);

        Assert.Equal(mean, estimator.Current.RttMs, 9);
        Assert.Equal(rejected, estimator.Current.OutliersRejected);
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(0.1)]
    [InlineData(0.5)]
    [InlineData(1.0)]
    public void The_ewma_step_response_is_geometric(double alpha)
    {
        // One batch at 10 ms sets the level; then every batch is at 20 ms:
        // after k batches the estimate is 20 − 10·(1 − α)^k.
        var estimator = Create(new LatencyEstimatorOptions { EwmaAlpha = alpha });
        Feed(estimator, Repeat(10, 10));
        Assert.Equal(10, estimator.Current.RttMs);

        for (int k = 1; k <= 15; k++)
        {
            Feed(estimator, Repeat(20, 10));
            Assert.Equal(20 - (10 * Math.Pow(1 - alpha, k)), estimator.Current.RttMs, 9);
        }
    }

    [Fact]
    public void After_the_first_batch_the_estimate_moves_only_when_a_batch_completes()
    {
        var estimator = Create();
        Feed(estimator, Repeat(10, 10));

        Feed(estimator, Repeat(40, 9));
        Assert.Equal(10, estimator.Current.RttMs);

        Feed(estimator, 40);
        Assert.Equal(19, estimator.Current.RttMs, 9); // 10 + 0.3 × 30
    }

    [Fact]
    public void Before_the_first_batch_a_provisional_estimate_uses_what_is_there()
    {
        var estimator = Create();

        Feed(estimator, 12);
        Assert.Equal(12, estimator.Current.RttMs);

        Feed(estimator, 10, 11, 13);
        Assert.Equal(11.5, estimator.Current.RttMs, 9);

        Feed(estimator, 90); // 1 of 5 is lopsided: provisionally dropped, but not yet counted
        Assert.Equal(11.5, estimator.Current.RttMs, 9);
        Assert.Equal(0, estimator.Current.OutliersRejected);

        Feed(estimator, 12, 11, 12, 11, 13); // batch complete: now it counts
        Assert.Equal(MeanOf([12, 10, 11, 13, 12, 11, 12, 11, 13]), estimator.Current.RttMs, 9);
        Assert.Equal(1, estimator.Current.OutliersRejected);
    }

    [Fact]
    public void A_lost_probe_takes_a_slot_in_the_batch()
    {
        var estimator = Create();
        Feed(estimator, Repeat(10, 9));
        estimator.AddLoss(TimeSpan.Zero); // completes the first batch

        Feed(estimator, Repeat(20, 10)); // a whole second batch
        Assert.Equal(13, estimator.Current.RttMs, 9);
        Assert.Equal(19, estimator.Current.Samples);
    }

    [Fact]
    public void A_batch_of_only_losses_leaves_the_estimate_alone()
    {
        var estimator = Create();
        Feed(estimator, Repeat(10, 10));
        for (int i = 0; i < 10; i++)
            estimator.AddLoss(TimeSpan.Zero);
        Assert.Equal(10, estimator.Current.RttMs);

        Feed(estimator, Repeat(20, 10));
        Assert.Equal(13, estimator.Current.RttMs, 9); // one EWMA step, not two
    }

    [Fact]
    public void Rejections_accumulate_across_batches()
    {
        var estimator = Create();
        for (int batch = 0; batch < 6; batch++)
            Feed(estimator, [.. Repeat(10, 9), 100 + batch]);

        Assert.Equal(6, estimator.Current.OutliersRejected);
        Assert.Equal(60, estimator.Current.Samples);
        Assert.Equal(10, estimator.Current.RttMs);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(20)]
    public void The_batch_size_is_honoured(int batchSize)
    {
        var estimator = Create(new LatencyEstimatorOptions { BatchSize = batchSize, EwmaAlpha = 0.5 });
        Feed(estimator, Repeat(10, batchSize));
        Feed(estimator, Repeat(30, batchSize - 1));
        Assert.Equal(10, estimator.Current.RttMs);

        Feed(estimator, 30);
        Assert.Equal(20, estimator.Current.RttMs, 9); // 10 + 0.5 × 20
    }
}

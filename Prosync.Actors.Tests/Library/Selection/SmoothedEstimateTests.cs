using Prosync.Actors.Library.Selection;

namespace Prosync.Actors.Tests.Library.Selection;

public class SmoothedEstimateTests
{
    private static SmoothedEstimate Feed(params double[] samples) => samples.Aggregate(SmoothedEstimate.Empty, (e, s) => e.Add(s));

    [Fact]
    public void The_first_sample_is_the_estimate() => Assert.Equal(10, Feed(10).Value);

    [Fact]
    public void Later_samples_move_it_by_the_smoothing_weight()
        => Assert.Equal(10 + (SmoothedEstimate.Alpha * (20 - 10)), Feed(10, 20).Value!.Value, 9);

    [Theory]
    [InlineData(10, 100)] // a GC pause or a retransmission: ten times slower once
    [InlineData(10, 0.5)] // a measurement that cannot be right
    public void A_single_outlier_is_held_back(double mean, double outlier)
    {
        var estimate = Feed(mean, outlier);
        Assert.Equal(mean, estimate.Value);
        Assert.Equal(1, estimate.Rejected);
        Assert.Equal(mean, estimate.Add(mean).Value); // and forgotten when the next sample is normal
    }

    [Fact]
    public void Two_outliers_in_a_row_that_agree_are_a_real_change()
        => Assert.Equal(100, Feed(10, 100, 100).Value);

    [Fact]
    public void Two_outliers_that_disagree_are_both_held_back()
        => Assert.Equal(10, Feed(10, 100, 1).Value);

    [Theory]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Impossible_samples_are_refused(double sample)
        => Assert.Throws<ArgumentOutOfRangeException>(() => SmoothedEstimate.Empty.Add(sample));
}

using FsCheck;
using FsCheck.Fluent;
using Prosync.Actors.Latency;

namespace Prosync.Actors.Tests.Latency;

public class TwoMeansTests
{
    [Theory]
    // values, low centroid, high centroid, low count
    [InlineData(new[] { 5.0 }, 5.0, 5.0, 1)]
    [InlineData(new[] { 7.0, 7.0, 7.0 }, 7.0, 7.0, 3)]
    [InlineData(new[] { 1.0, 2.0 }, 1.0, 2.0, 1)]
    [InlineData(new[] { 0.0, 1.0, 2.0, 3.0, 10.0 }, 1.5, 10.0, 4)]
    // Needs several iterations: the first midpoint (10) puts 9.5 low, the means then pull it high.
    [InlineData(new[] { 0.0, 1.0, 9.5, 10.5, 11.0, 20.0 }, 0.5, 12.75, 2)]
    public void Split_converges_to_the_expected_clusters(double[] values, double low, double high, int lowCount)
    {
        Array.Sort(values);
        var split = TwoMeans.Split(values);

        Assert.Equal(low, split.LowCentroid, 12);
        Assert.Equal(high, split.HighCentroid, 12);
        Assert.Equal(lowCount, split.LowCount);
        Assert.Equal(values.Length - lowCount, split.HighCount);
    }

    [Fact]
    public void Split_iterates_until_the_assignment_is_stable()
    {
        var split = TwoMeans.Split([0.0, 1.0, 9.5, 10.5, 11.0, 20.0]);

        Assert.Equal(3, split.Iterations); // two reassignments, then one pass that changes nothing
    }

    [Fact]
    public void Split_is_a_fixed_point_of_lloyds_iteration_for_any_batch()
    {
        var batches = Gen.Choose(0, 100_000).Select(v => v / 100.0).ArrayOf().Where(a => a.Length > 0).ToArbitrary();
        Prop.ForAll(batches, values =>
        {
            var sorted = values.Order().ToArray();
            var split = TwoMeans.Split(sorted);
            bool distinct = sorted[0] != sorted[^1];
            var low = sorted[..split.LowCount];
            var high = sorted[split.LowCount..];

            return split.LowCount + split.HighCount == sorted.Length
                && (distinct ? split.LowCount >= 1 && split.HighCount >= 1 : split.HighCount == 0)
                && Math.Abs(split.LowCentroid - low.Average()) < 1e-9
                && (high.Length == 0 || Math.Abs(split.HighCentroid - high.Average()) < 1e-9)
                && low.All(v => Math.Abs(v - split.LowCentroid) <= Math.Abs(v - split.HighCentroid) + 1e-9)
                && high.All(v => Math.Abs(v - split.HighCentroid) <= Math.Abs(v - split.LowCentroid) + 1e-9)
                && split.Iterations <= sorted.Length + 1;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Reduce_never_drops_half_the_batch_or_more()
    {
        var batches = Gen.Choose(0, 10_000).Select(v => v / 10.0).ArrayOf().Where(a => a.Length > 0).ToArbitrary();
        Prop.ForAll(batches, values =>
        {
            var sorted = values.Order().ToArray();
            var reduced = TwoMeans.Reduce(sorted, 0.2);

            return reduced.Kept + reduced.Rejected == sorted.Length
                && reduced.Rejected <= 0.2 * sorted.Length + 1e-9
                && reduced.Mean >= sorted[0] - 1e-9 && reduced.Mean <= sorted[^1] + 1e-9;
        }).QuickCheckThrowOnFailure();
    }
}

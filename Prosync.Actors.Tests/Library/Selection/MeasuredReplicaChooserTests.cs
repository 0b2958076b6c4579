using Prosync.Actors.Library;
using Prosync.Actors.Library.Selection;

namespace Prosync.Actors.Tests.Library.Selection;

public class MeasuredReplicaChooserTests
{
    private static (MeasuredReplicaChooser Chooser, ReplicaMeasurements Measurements) Measured()
    {
        var measurements = new ReplicaMeasurements();
        measurements.RecordLatency("near-slow", "agent", TimeSpan.FromMilliseconds(2));
        measurements.RecordThroughput("near-slow", "agent", 1_000_000, TimeSpan.FromSeconds(1));
        measurements.RecordLatency("far-fast", "agent", TimeSpan.FromMilliseconds(40));
        measurements.RecordThroughput("far-fast", "agent", 50_000_000, TimeSpan.FromSeconds(1));
        measurements.RecordLatency("latency-only", "local", TimeSpan.FromMilliseconds(1));
        return (new MeasuredReplicaChooser(measurements), measurements);
    }

    [Theory]
    [InlineData(ReplicaOptimization.Throughput, new[] { "never", "near-slow", "far-fast", "latency-only" }, new[] { "far-fast", "near-slow", "never", "latency-only" })]
    [InlineData(ReplicaOptimization.Latency, new[] { "never", "near-slow", "far-fast", "latency-only" }, new[] { "latency-only", "near-slow", "far-fast", "never" })]
    [InlineData(ReplicaOptimization.Throughput, new[] { "a", "b" }, new[] { "a", "b" })]
    public void Ranks_by_the_goal_with_unmeasured_replicas_last_in_the_order_given(ReplicaOptimization goal, string[] holders, string[] expected)
        => Assert.Equal(expected, Measured().Chooser.Rank(holders, goal));

    [Fact]
    public void A_forgotten_replica_counts_as_never_measured()
    {
        var (chooser, measurements) = Measured();
        measurements.Forget("far-fast");
        Assert.Equal(["near-slow", "far-fast"], chooser.Rank(["far-fast", "near-slow"], ReplicaOptimization.Throughput));
    }

    [Fact]
    public void A_transfer_under_way_is_known_until_it_ends()
    {
        var (_, measurements) = Measured();
        var first = measurements.BeginTransfer("near-slow");
        var second = measurements.BeginTransfer("near-slow");
        first.Dispose();
        first.Dispose(); // twice is once
        Assert.True(measurements.IsTransferring("near-slow"));
        second.Dispose();
        Assert.False(measurements.IsTransferring("near-slow"));
        Assert.Equal(2, measurements.Get("near-slow")!.LatencyMs); // marking transfers leaves the figures alone
    }
}

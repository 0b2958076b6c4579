using Prosync.Actors.Library.Selection;

namespace Prosync.Actors.Tests.Library.Selection;

public sealed class TransferSampleTests
{
    [Theory]
    [InlineData(262_144, 1000, 262_144.0)]      // exactly 256 KiB: a sample
    [InlineData(8_000_000, 500, 16_000_000.0)]
    [InlineData(262_143, 1000, null)]           // a byte short: too small to say anything of the link
    [InlineData(29_293, 10, null)]              // a cover image
    [InlineData(1_000_000, 0, null)]            // no time: no rate
    public void A_copy_is_a_sample_only_when_it_is_big_enough_and_took_time(long bytes, int ms, double? expected)
    {
        Assert.Equal(expected, TransferSample.BytesPerSecond(bytes, TimeSpan.FromMilliseconds(ms)));
    }

    [Fact]
    public void A_real_copy_feeds_its_source_and_counts_a_small_one_does_not()
    {
        var measurements = new ReplicaMeasurements();
        measurements.RecordThroughput("kitchen", "local", 2 << 20, TimeSpan.FromSeconds(1)); // the prober's
        measurements.RecordCopy("kitchen", "local", 100_000, TimeSpan.FromMilliseconds(10));
        Assert.Equal(0, measurements.Get("kitchen")!.CopySamples);
        Assert.Equal(2 << 20, measurements.Get("kitchen")!.ThroughputBytesPerSecond);

        measurements.RecordCopy("kitchen", "local", 3 << 20, TimeSpan.FromSeconds(1));
        var after = measurements.Get("kitchen")!;
        Assert.Equal(1, after.CopySamples);
        Assert.Equal((2 << 20) + (SmoothedEstimate.Alpha * (1 << 20)), after.ThroughputBytesPerSecond!.Value, 3);
    }

    [Fact]
    public void A_replica_is_busy_while_a_transfer_mark_is_held()
    {
        var measurements = new ReplicaMeasurements();
        var first = measurements.BeginTransfer("attic");
        var second = measurements.BeginTransfer("attic");
        first.Dispose();
        first.Dispose();
        Assert.True(measurements.IsTransferring("attic"));
        second.Dispose();
        Assert.False(measurements.IsTransferring("attic"));
    }
}

using System.Diagnostics;
using Prosync.Host.Lab;

namespace Prosync.Actors.Tests.Registry;

public class TokenBucketTests
{
    [Fact]
    public void A_full_bucket_lets_its_burst_through_then_paces_at_its_rate()
    {
        long now = 0;
        var bucket = new TokenBucket(bytesPerSecond: 1000, capacity: 500, () => now);
        Assert.Equal(TimeSpan.Zero, bucket.DelayFor(500));
        Assert.Equal(TimeSpan.FromSeconds(0.25), bucket.DelayFor(250));
        now += Stopwatch.Frequency / 4; // the caller waited as told
        Assert.Equal(TimeSpan.FromSeconds(0.1), bucket.DelayFor(100));
    }

    [Fact]
    public void Idle_time_refills_no_more_than_the_capacity()
    {
        long now = 0;
        var bucket = new TokenBucket(1000, 500, () => now);
        bucket.DelayFor(500);
        now += Stopwatch.Frequency * 60;
        Assert.Equal(TimeSpan.Zero, bucket.DelayFor(500));
        Assert.Equal(TimeSpan.FromSeconds(0.001), bucket.DelayFor(1));
    }
}

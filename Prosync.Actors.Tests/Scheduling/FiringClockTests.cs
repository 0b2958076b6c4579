using Prosync.Actors.Scheduling;

namespace Prosync.Actors.Tests.Scheduling;

public class FiringClockTests
{
    [Theory]
    // frequency, timestamp, expected ticks
    [InlineData(1_000_000_000L, 0L, 0L)]
    [InlineData(1_000_000_000L, 1_500_000_000L, 15_000_000L)]       // 1.5 s
    [InlineData(1_000_000_000L, 1_234L, 12L)]                       // 1.234 µs → rounds down
    [InlineData(10_000_000L, 42L, 42L)]                             // same frequency as TimeSpan
    [InlineData(3_579_545L, 3_579_545L, 10_000_000L)]               // old Windows QPC rate
    [InlineData(1_000_000_000L, 9_000_000_000_000_000_000L, 90_000_000_000_000_000L)] // ~285 years of uptime: no overflow
    public void ToTimeSpan_converts_exactly(long frequency, long timestamp, long expectedTicks)
    {
        var time = new SteppingTimeProvider(0, 0, frequency);

        Assert.Equal(TimeSpan.FromTicks(expectedTicks), FiringClock.ToTimeSpan(time, timestamp));
    }

    [Theory]
    [InlineData(1_000_000_000L)]
    [InlineData(10_000_000L)]
    [InlineData(3_579_545L)]
    [InlineData(1_000L)]
    public void ToTimestamp_never_lands_before_the_instant_and_round_trips_within_one_timestamp(long frequency)
    {
        var time = new SteppingTimeProvider(0, 0, frequency);
        var random = new Random(42);
        for (int i = 0; i < 1000; i++)
        {
            var instant = TimeSpan.FromTicks(random.NextInt64(0, TimeSpan.FromDays(400).Ticks));
            long timestamp = FiringClock.ToTimestamp(time, instant);
            var back = FiringClock.ToTimeSpan(time, timestamp);

            Assert.True(back >= instant, $"{back} < {instant}");
            Assert.True(back - instant < TimeSpan.FromTicks((TimeSpan.TicksPerSecond / frequency) + 1), $"{back} vs {instant}");
            if (frequency % TimeSpan.TicksPerSecond == 0)
                Assert.Equal(instant, back);
        }
    }

    [Fact]
    public void Now_reads_the_provider()
    {
        var time = new SteppingTimeProvider(2_000_000_000, 0, 1_000_000_000);

        Assert.Equal(TimeSpan.FromSeconds(2), FiringClock.Now(time));
    }

    [Fact]
    public void Now_agrees_with_the_system_clock()
    {
        var before = TimeProvider.System.GetTimestamp();
        var now = FiringClock.Now(TimeProvider.System);
        var after = TimeProvider.System.GetTimestamp();

        Assert.InRange(now, FiringClock.ToTimeSpan(TimeProvider.System, before), FiringClock.ToTimeSpan(TimeProvider.System, after));
    }
}

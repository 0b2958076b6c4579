using Prosync.Actors.Tests.TestKit;

namespace Prosync.Actors.Tests.Kernel;

public class ManualTimeProviderTests
{
    [Fact]
    public void Timers_fire_in_due_order_with_the_clock_at_their_due_time()
    {
        var clock = new ManualTimeProvider();
        var start = clock.GetUtcNow();
        var startTimestamp = clock.GetTimestamp();
        var fired = new List<(string, TimeSpan)>();
        using var late = clock.CreateTimer(_ => fired.Add(("late", clock.GetUtcNow() - start)), null, TimeSpan.FromSeconds(2), Timeout.InfiniteTimeSpan);
        using var early = clock.CreateTimer(_ => fired.Add(("early", clock.GetUtcNow() - start)), null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);

        clock.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal([("early", TimeSpan.FromSeconds(1)), ("late", TimeSpan.FromSeconds(2))], fired);
        Assert.Equal(TimeSpan.FromSeconds(5), clock.GetUtcNow() - start);
        Assert.Equal(TimeSpan.FromSeconds(5), clock.GetElapsedTime(startTimestamp));
    }

    [Fact]
    public void Periodic_timers_fire_once_per_elapsed_period_until_disposed()
    {
        var clock = new ManualTimeProvider();
        var count = 0;
        var timer = clock.CreateTimer(_ => count++, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

        clock.Advance(TimeSpan.FromSeconds(3.5));
        Assert.Equal(3, count);

        timer.Dispose();
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(3, count);
        Assert.False(timer.Change(TimeSpan.Zero, TimeSpan.Zero));
    }

    [Fact]
    public void Change_reschedules_and_infinite_disarms()
    {
        var clock = new ManualTimeProvider();
        var count = 0;
        using var timer = clock.CreateTimer(_ => count++, null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);

        Assert.True(timer.Change(TimeSpan.FromSeconds(3), Timeout.InfiniteTimeSpan));
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(0, count);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, count);

        timer.Change(TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        Assert.Equal(0, clock.ScheduledTimerCount);
        clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(1, count);
    }

    [Fact]
    public void A_zero_due_time_fires_immediately()
    {
        var clock = new ManualTimeProvider();
        var count = 0;
        using var timer = clock.CreateTimer(_ => count++, null, TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        Assert.Equal(1, count);
    }

    [Fact]
    public async Task Task_Delay_and_WaitAsync_run_on_the_manual_clock()
    {
        var clock = new ManualTimeProvider();
        var delay = Task.Delay(TimeSpan.FromMinutes(1), clock);
        Assert.False(delay.IsCompleted);

        clock.Advance(TimeSpan.FromMinutes(1));
        await delay.WaitAsync(TimeSpan.FromSeconds(3));
    }
}

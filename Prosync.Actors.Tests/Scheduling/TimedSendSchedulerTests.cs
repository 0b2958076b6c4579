using Prosync.Actors.Scheduling;

namespace Prosync.Actors.Tests.Scheduling;

/// <summary>
/// What the scheduler does, not how precisely: precision is a benchmark figure (BENCHMARKS.md), never a
/// timed unit test on a shared machine.
/// </summary>
public class TimedSendSchedulerTests
{
    private static long Ticks(double ms) => (long)(ms / 1000 * TimeProvider.System.TimestampFrequency);

    private static long In(double ms) => TimeProvider.System.GetTimestamp() + Ticks(ms);

    [Fact]
    public async Task Actions_run_in_deadline_order_whatever_the_order_they_were_scheduled_in()
    {
        using var scheduler = new TimedSendScheduler();
        var order = new List<int>();
        // One time base, and all four scheduled well before the first deadline, however slow the first call is.
        long start = In(200);
        long At(double ms) => start + Ticks(ms);
        var tasks = new[] { 30.0, 10.0, 20.0, 10.0 }
            .Select((ms, i) => scheduler.Schedule(At(ms), () => { lock (order) order.Add(i); return i; }))
            .ToList();
        await Task.WhenAll(tasks);
        Assert.Equal([1, 3, 2, 0], order);
    }

    [Fact]
    public async Task Nothing_runs_before_its_deadline()
    {
        using var scheduler = new TimedSendScheduler();
        var deadlines = Enumerable.Range(1, 20).Select(i => In(i * 0.7)).ToList();
        var fired = await Task.WhenAll(deadlines.Select(d => scheduler.Schedule(d, () => TimeProvider.System.GetTimestamp())));
        Assert.All(fired, f => Assert.True(f.Result >= f.Deadline && f.FiredAt >= f.Deadline));
    }

    [Fact]
    public async Task A_deadline_in_the_past_runs_at_once_and_reports_its_lateness()
    {
        using var scheduler = new TimedSendScheduler();
        var fired = await scheduler.Schedule(In(-50), () => "sent");
        Assert.Equal("sent", fired.Result);
        Assert.True(fired.Lateness >= TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public async Task An_action_that_throws_faults_only_its_own_task()
    {
        using var scheduler = new TimedSendScheduler();
        var bad = scheduler.Schedule<int>(In(1), () => throw new IOException("socket gone"));
        var good = scheduler.Schedule(In(2), () => 2);
        await Assert.ThrowsAsync<IOException>(() => bad);
        Assert.Equal(2, (await good).Result);
    }
}

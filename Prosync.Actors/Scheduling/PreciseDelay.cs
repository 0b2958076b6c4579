namespace Prosync.Actors.Scheduling;

/// <summary>
/// Waits until a monotonic deadline with ~100 µs precision, which .NET timers cannot give: on
/// Linux they run on the coarse tick clock (one jiffy, 4 ms at HZ=250, so a 1 ms
/// <see cref="Task.Delay(TimeSpan)"/> takes 4–7 ms) and add a thread-pool hop. So: sleep on
/// <see cref="PreciseTimerThread"/> until <see cref="SpinLead"/> before the deadline (it wakes in
/// whole milliseconds, so the spin starts 1–2 ms before), hop to the thread pool while there is
/// still time, then spin on the clock. The caller does the timed write right after, on the same
/// thread, with no hop after the deadline.
/// </summary>
public static class PreciseDelay
{
    /// <summary>
    /// How long before the deadline the sleep aims to end. It must absorb the wake-up and the
    /// thread-pool hop; every extra microsecond is spent spinning.
    /// </summary>
    public static TimeSpan SpinLead { get; } = TimeSpan.FromMilliseconds(1);

    /// <summary>
    /// Returns at or just after <paramref name="deadlineTimestamp"/> (a <see cref="TimeProvider.GetTimestamp"/>
    /// value) with how late it returned; at once, without yielding, if the deadline is within
    /// <see cref="SpinLead"/> or has passed. On <see cref="TimeProvider.System"/> the sleep is
    /// <see cref="PreciseTimerThread"/>'s; on any other provider it is the provider's own
    /// <see cref="Task.Delay(TimeSpan, TimeProvider, CancellationToken)"/>, so fake clocks work.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled before the spin began.</exception>
    public static async ValueTask<TimeSpan> UntilAsync(TimeProvider time, long deadlineTimestamp, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(time);
        ct.ThrowIfCancellationRequested();
        long wakeAt = deadlineTimestamp - (long)Math.Ceiling(SpinLead.TotalSeconds * time.TimestampFrequency);
        if (time.GetTimestamp() < wakeAt)
        {
            if (ReferenceEquals(time, TimeProvider.System))
            {
                await PreciseTimerThread.Shared.WaitUntilAsync(wakeAt, ct).ConfigureAwait(false);
            }
            else
            {
                var remaining = time.GetElapsedTime(time.GetTimestamp(), wakeAt);
                if (remaining > TimeSpan.Zero)
                    await Task.Delay(remaining, time, ct).ConfigureAwait(false);
            }
            ct.ThrowIfCancellationRequested();
        }
        SpinUntil(time, deadlineTimestamp);
        var lateness = time.GetElapsedTime(deadlineTimestamp, time.GetTimestamp());
        return lateness < TimeSpan.Zero ? TimeSpan.Zero : lateness;
    }

    /// <summary>
    /// Busy-waits until the provider's clock reaches the deadline. It never yields: with Linux's
    /// EEVDF scheduler a <c>sched_yield</c> pushes the thread's virtual deadline back a whole slice
    /// (~3 ms), so on a busy box a yield can cost far more than the spin it saves. With a fake
    /// provider, the provider (or another thread) must advance the clock.
    /// </summary>
    public static void SpinUntil(TimeProvider time, long deadlineTimestamp)
    {
        ArgumentNullException.ThrowIfNull(time);
        while (time.GetTimestamp() < deadlineTimestamp)
            Thread.SpinWait(10);
    }
}

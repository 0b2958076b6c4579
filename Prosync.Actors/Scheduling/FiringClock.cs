namespace Prosync.Actors.Scheduling;

/// <summary>
/// Converts between <see cref="TimeProvider"/> timestamps (whatever their frequency) and the
/// <see cref="TimeSpan"/> monotonic time used by samples and plans. The conversions are exact
/// integer arithmetic (no overflow for any timestamp), so plans made in TimeSpans map back to
/// the deadlines <see cref="TimedSendScheduler"/> fires at.
/// </summary>
public static class FiringClock
{
    /// <summary>The provider's current timestamp as monotonic time.</summary>
    public static TimeSpan Now(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        return ToTimeSpan(time, time.GetTimestamp());
    }

    /// <summary>A timestamp as monotonic time, rounded down to a 100 ns tick.</summary>
    public static TimeSpan ToTimeSpan(TimeProvider time, long timestamp)
    {
        ArgumentNullException.ThrowIfNull(time);
        Int128 ticks = (Int128)timestamp * TimeSpan.TicksPerSecond;
        return TimeSpan.FromTicks((long)FloorDiv(ticks, time.TimestampFrequency));
    }

    /// <summary>
    /// Monotonic time as a timestamp, rounded up, so a deadline converted here never falls
    /// before the instant it names.
    /// </summary>
    public static long ToTimestamp(TimeProvider time, TimeSpan monotonic)
    {
        ArgumentNullException.ThrowIfNull(time);
        Int128 scaled = (Int128)monotonic.Ticks * time.TimestampFrequency;
        return (long)-FloorDiv(-scaled, TimeSpan.TicksPerSecond);
    }

    private static Int128 FloorDiv(Int128 a, long b)
    {
        Int128 q = Int128.DivRem(a, b).Quotient;
        return (a % b != 0) && ((a < 0) != (b < 0)) ? q - 1 : q;
    }
}

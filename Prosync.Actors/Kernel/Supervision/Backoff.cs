namespace Prosync.Actors.Kernel;

public static class Backoff
{
    /// <summary>
    /// Pure: <c>min(MinBackoff × 2^attempt, MaxBackoff) × (1 + RandomFactor × random01)</c>.
    /// <paramref name="attempt"/> counts from 0 (the first restart); <paramref name="random01"/> is in [0, 1].
    /// </summary>
    public static TimeSpan Delay(int attempt, BackoffOptions options, double random01)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(attempt);
        ArgumentNullException.ThrowIfNull(options);
        if (!(random01 is >= 0 and <= 1))
            throw new ArgumentOutOfRangeException(nameof(random01), random01, "Must be within [0, 1].");

        // In doubles, with the exponent bounded, so large attempts saturate at the cap instead of overflowing.
        var doubled = options.MinBackoff.Ticks * Math.Pow(2, Math.Min(attempt, 62));
        var capped = Math.Min(doubled, options.MaxBackoff.Ticks);
        var jittered = capped * (1 + options.RandomFactor * random01);
        return jittered >= TimeSpan.MaxValue.Ticks ? TimeSpan.MaxValue : TimeSpan.FromTicks((long)jittered);
    }
}

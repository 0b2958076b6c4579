namespace Prosync.Actors.Kernel;

/// <summary>Exponential restart backoff: MinBackoff doubling per consecutive restart, capped at MaxBackoff,
/// plus up to RandomFactor × that as jitter (see <see cref="Backoff.Delay"/>).</summary>
public sealed record BackoffOptions(TimeSpan MinBackoff, TimeSpan MaxBackoff, double RandomFactor)
{
    public TimeSpan MinBackoff { get; init; } = MinBackoff >= TimeSpan.Zero
        ? MinBackoff : throw new ArgumentOutOfRangeException(nameof(MinBackoff), MinBackoff, "Must not be negative.");

    public TimeSpan MaxBackoff { get; init; } = MaxBackoff >= TimeSpan.Zero
        ? MaxBackoff : throw new ArgumentOutOfRangeException(nameof(MaxBackoff), MaxBackoff, "Must not be negative.");

    public double RandomFactor { get; init; } = RandomFactor >= 0 && double.IsFinite(RandomFactor)
        ? RandomFactor : throw new ArgumentOutOfRangeException(nameof(RandomFactor), RandomFactor, "Must be finite and not negative.");
}

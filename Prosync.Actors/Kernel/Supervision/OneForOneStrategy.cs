namespace Prosync.Actors.Kernel;

/// <summary>Applies the decider's directive to the failed child only.</summary>
public sealed class OneForOneStrategy : SupervisorStrategy
{
    /// <param name="maxNrOfRetries">Restarts allowed within the window; negative = unlimited, 0 = stop on the first failure.</param>
    /// <param name="withinTimeRange">The count resets once the child has run this long since its last restart
    /// without failing. <see cref="Timeout.InfiniteTimeSpan"/> = never reset.</param>
    /// <param name="decider">Maps the exception to a directive.</param>
    /// <param name="backoff">If set, restarts wait <see cref="Backoff.Delay"/> for the attempt (0 for the first
    /// restart in the window); the child stays suspended meanwhile with its mailbox kept.</param>
    public OneForOneStrategy(int maxNrOfRetries, TimeSpan withinTimeRange, Func<Exception, Directive> decider, BackoffOptions? backoff = null)
    {
        ArgumentNullException.ThrowIfNull(decider);
        if (withinTimeRange < TimeSpan.Zero && withinTimeRange != Timeout.InfiniteTimeSpan)
            throw new ArgumentOutOfRangeException(nameof(withinTimeRange), withinTimeRange, "Must be non-negative or Timeout.InfiniteTimeSpan.");
        MaxNrOfRetries = maxNrOfRetries;
        WithinTimeRange = withinTimeRange;
        Decider = decider;
        Backoff = backoff;
    }

    public int MaxNrOfRetries { get; }
    public TimeSpan WithinTimeRange { get; }
    public Func<Exception, Directive> Decider { get; }
    public BackoffOptions? Backoff { get; }

    public override Directive Decide(Exception cause) => Decider(cause);

    internal override bool RequestRestart(RestartStats stats, TimeProvider time, out TimeSpan delay)
    {
        var now = time.GetUtcNow();
        var count = stats.RecordFailure(now, WithinTimeRange);
        if (MaxNrOfRetries >= 0 && count > MaxNrOfRetries)
        {
            delay = TimeSpan.Zero;
            return false;
        }
        delay = Backoff is null ? TimeSpan.Zero : Kernel.Backoff.Delay(count - 1, Backoff, Random.Shared.NextDouble());
        stats.RestartScheduledAt(now + delay);
        return true;
    }
}

namespace Prosync.Actors.Kernel;

/// <summary>How a parent handles its children's failures (see <see cref="OneForOneStrategy"/>).</summary>
public abstract class SupervisorStrategy
{
    private protected SupervisorStrategy() { }

    /// <summary>Restart on any exception, unlimited, no backoff. Also used by the /user guardian.</summary>
    public static SupervisorStrategy Default { get; } =
        new OneForOneStrategy(-1, Timeout.InfiniteTimeSpan, static _ => Directive.Restart);

    /// <summary>Stop the child on any exception.</summary>
    public static SupervisorStrategy StoppingStrategy { get; } =
        new OneForOneStrategy(-1, Timeout.InfiniteTimeSpan, static _ => Directive.Stop);

    public abstract Directive Decide(Exception cause);

    /// <summary>Counts a restart against the child's budget; false means the budget is exhausted (stop it).</summary>
    internal abstract bool RequestRestart(RestartStats stats, TimeProvider time, out TimeSpan delay);
}

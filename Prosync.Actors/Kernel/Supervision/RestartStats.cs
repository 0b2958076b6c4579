namespace Prosync.Actors.Kernel;

/// <summary>Per-child restart history kept by the parent.</summary>
internal sealed class RestartStats
{
    private DateTimeOffset? _lastRestart;

    /// <summary>Restarts counted in the current window (including the one being requested).</summary>
    public int Count { get; private set; }

    /// <summary>Counts a failure. The window is measured from the last restart (after its backoff) rather than
    /// from the failure, so a long backoff does not by itself look like a quiet period.</summary>
    public int RecordFailure(DateTimeOffset now, TimeSpan window)
    {
        if (_lastRestart is { } last && window != Timeout.InfiniteTimeSpan && now - last > window)
            Count = 0;
        return ++Count;
    }

    public void RestartScheduledAt(DateTimeOffset at) => _lastRestart = at;
}

namespace Prosync.Actors.Tests.TestKit;

/// <summary>
/// A clock that moves only when told. <see cref="Advance"/> fires due timers synchronously on the calling thread,
/// in due-time order, setting the clock to each timer's due time while it fires (periodic timers fire once per
/// elapsed period). Timers that are already due when created or changed (e.g. zero delay) fire at once, like
/// FakeTimeProvider. Advance is meant to be called from one test thread at a time.
/// </summary>
public sealed class ManualTimeProvider : TimeProvider
{
    private readonly Lock _lock = new();
    private readonly List<ManualTimer> _timers = [];
    private readonly List<(int Count, TaskCompletionSource Done)> _waiters = [];
    private DateTimeOffset _now;
    private long _sequence;

    public ManualTimeProvider() : this(new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero)) { }

    public ManualTimeProvider(DateTimeOffset start) => _now = start;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
            return _now;
    }

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    /// <summary>Timers currently armed (created or changed with a finite due time, not yet fired or disposed).</summary>
    public int ScheduledTimerCount
    {
        get
        {
            lock (_lock)
                return _timers.Count(t => t.Due is not null);
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new ManualTimer(this, callback, state);
        lock (_lock)
            _timers.Add(timer);
        timer.Change(dueTime, period);
        return timer;
    }

    public void Advance(TimeSpan delta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.Zero);
        DateTimeOffset target;
        lock (_lock)
            target = _now + delta;
        FireDue(target);
    }

    /// <summary>Completes once at least <paramref name="count"/> timers are armed: lets a test advance the clock
    /// only after an actor has (asynchronously) started the timer it is about to test.</summary>
    public async Task WaitForScheduledTimersAsync(int count, TimeSpan? timeout = null)
    {
        var waiter = (count, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        lock (_lock)
        {
            if (_timers.Count(t => t.Due is not null) >= count)
                return;
            _waiters.Add(waiter);
        }
        var limit = timeout ?? TimeSpan.FromSeconds(3);
        try
        {
            await waiter.Item2.Task.WaitAsync(limit);
        }
        catch (TimeoutException)
        {
            lock (_lock)
                _waiters.Remove(waiter);
            throw new TimeoutException($"Fewer than {count} timers were scheduled within {limit}.");
        }
    }

    private void FireDue(DateTimeOffset target)
    {
        while (true)
        {
            TimerCallback callback;
            object? state;
            lock (_lock)
            {
                var next = _timers
                    .Where(t => t.Due is { } due && due <= target)
                    .OrderBy(t => t.Due).ThenBy(t => t.Sequence)
                    .FirstOrDefault();
                if (next is null)
                {
                    if (_now < target)
                        _now = target;
                    return;
                }
                if (next.Due > _now)
                    _now = next.Due.Value;
                // Re-arm before the callback so that a Change or Dispose made by the callback wins.
                next.Due = next.Period > TimeSpan.Zero ? next.Due + next.Period : null;
                (callback, state) = (next.Callback, next.State);
            }
            callback(state);
        }
    }

    private bool Change(ManualTimer timer, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime < TimeSpan.Zero && dueTime != Timeout.InfiniteTimeSpan)
            throw new ArgumentOutOfRangeException(nameof(dueTime));
        if (period < TimeSpan.Zero && period != Timeout.InfiniteTimeSpan)
            throw new ArgumentOutOfRangeException(nameof(period));

        DateTimeOffset now;
        lock (_lock)
        {
            if (timer.Disposed)
                return false;
            now = _now;
            timer.Due = dueTime == Timeout.InfiniteTimeSpan ? null : _now + dueTime;
            timer.Period = period == Timeout.InfiniteTimeSpan ? TimeSpan.Zero : period;
            timer.Sequence = ++_sequence;
            var armed = _timers.Count(t => t.Due is not null);
            foreach (var waiter in _waiters.Where(w => armed >= w.Count).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Done.TrySetResult();
            }
        }
        if (dueTime == TimeSpan.Zero)
            FireDue(now);
        return true;
    }

    private void Dispose(ManualTimer timer)
    {
        lock (_lock)
        {
            timer.Disposed = true;
            timer.Due = null;
            _timers.Remove(timer);
        }
    }

    private sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public TimerCallback Callback { get; } = callback;
        public object? State { get; } = state;
        public DateTimeOffset? Due { get; set; }
        public TimeSpan Period { get; set; }
        public long Sequence { get; set; }
        public bool Disposed { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period) => owner.Change(this, dueTime, period);

        public void Dispose() => owner.Dispose(this);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}

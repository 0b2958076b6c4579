using System.Diagnostics.CodeAnalysis;

namespace Prosync.Actors.Kernel;

/// <summary>
/// Timers on the system's TimeProvider. A tick travels through the mailbox as a <see cref="TimerTick"/> carrying
/// a generation number; it is turned into the user's message only if that generation is still the key's current
/// one, which drops ticks that were already queued when their timer was cancelled, replaced or reset by a restart.
/// </summary>
internal sealed class TimerScheduler(ActorCell cell) : ITimerScheduler
{
    private readonly Dictionary<object, Entry> _timers = [];
    private int _generation;

    public void StartSingleTimer(object key, object message, TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        Start(key, message, delay, Timeout.InfiniteTimeSpan);
    }

    public void StartPeriodicTimer(object key, object message, TimeSpan interval)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        Start(key, message, interval, interval);
    }

    public bool IsTimerActive(object key) => _timers.ContainsKey(key);

    public void Cancel(object key)
    {
        if (_timers.Remove(key, out var entry))
            entry.Timer.Dispose();
    }

    public void CancelAll()
    {
        foreach (var entry in _timers.Values)
            entry.Timer.Dispose();
        _timers.Clear();
    }

    /// <summary>Maps a tick to the user's message, or returns false for a stale tick.</summary>
    public bool TryAccept(TimerTick tick, [NotNullWhen(true)] out object? message)
    {
        if (_timers.TryGetValue(tick.Key, out var entry) && entry.Generation == tick.Generation)
        {
            if (!entry.Periodic)
            {
                _timers.Remove(tick.Key);
                entry.Timer.Dispose();
            }
            message = entry.Message;
            return true;
        }
        message = null;
        return false;
    }

    private void Start(object key, object message, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(message);
        Cancel(key);

        var tick = new TimerTick(key, ++_generation);
        // A short timer may fire before the entry below is stored; harmless, since its tick is handled in a later
        // turn of this actor, by which time the entry exists.
        var timer = cell.Time.CreateTimer(
            static state =>
            {
                var (self, tick) = ((LocalActorRef, TimerTick))state!;
                self.Cell.Mailbox.Post(new Envelope(tick, ActorRefs.Nobody));   // closed mailbox: just dropped
            },
            (cell.Self, tick), dueTime, period);
        _timers[key] = new Entry(tick.Generation, message, period != Timeout.InfiniteTimeSpan, timer);
    }

    private sealed record Entry(int Generation, object Message, bool Periodic, ITimer Timer);
}

using System.Diagnostics;

namespace Prosync.Actors.Scheduling;

/// <summary>
/// Runs actions at precise instants on one dedicated thread: it sleeps until shortly before the
/// earliest deadline, then spins. One thread for the whole process, so a cluster of 64 rooms costs one
/// spinning core for a few hundred microseconds per broadcast rather than 64 threads fighting for 2 cores.
/// Actions must be short and non-blocking (a socket write of a command line).
/// </summary>
public sealed class TimedSendScheduler : IDisposable
{
    private readonly PriorityQueue<Entry, (long Deadline, long Sequence)> _queue = new();
    private readonly Lock _lock = new();
    private readonly AutoResetEvent _wake = new(false);
    private readonly TimeProvider _time;
    private readonly long _spinTicks;
    private readonly Thread _thread;
    private long _sequence;
    private volatile bool _disposed;

    /// <param name="spinWindow">How long before a deadline the thread stops sleeping and spins (sleep overshoots by ~1 ms).</param>
    public TimedSendScheduler(TimeProvider? time = null, TimeSpan? spinWindow = null)
    {
        _time = time ?? TimeProvider.System;
        _spinTicks = (long)((spinWindow ?? TimeSpan.FromMilliseconds(1.5)).TotalSeconds * _time.TimestampFrequency);
        _thread = new Thread(Run) { IsBackground = true, Name = "prosync-timed-send", Priority = ThreadPriority.Highest };
        _thread.Start();
    }

    /// <summary>The process-wide scheduler.</summary>
    public static TimedSendScheduler Shared { get; } = new();

    /// <summary>
    /// Runs <paramref name="action"/> at <paramref name="deadline"/> (a <see cref="TimeProvider.GetTimestamp"/> value),
    /// or at once if that has passed. The result carries the instant it actually ran.
    /// </summary>
    public Task<Fired<T>> Schedule<T>(long deadline, Func<T> action)
    {
        var completion = new TaskCompletionSource<Fired<T>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var entry = new Entry(deadline, firedAt =>
        {
            try { completion.TrySetResult(new Fired<T>(action(), deadline, firedAt)); }
            catch (Exception ex) { completion.TrySetException(ex); }
        });
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _queue.Enqueue(entry, (deadline, _sequence++));
        }
        _wake.Set();
        return completion.Task;
    }

    /// <summary>The scheduling the firing thread got (see <see cref="RealTimeThread"/>), for logs and reports.</summary>
    public string Scheduling { get; private set; } = "starting";

    private void Run()
    {
        Scheduling = RealTimeThread.Promote(priority: 10);
        while (!_disposed)
        {
            long deadline;
            lock (_lock)
            {
                if (!_queue.TryPeek(out _, out var priority)) deadline = long.MaxValue;
                else deadline = priority.Deadline;
            }
            if (deadline == long.MaxValue)
            {
                _wake.WaitOne();
                continue;
            }
            var remaining = deadline - _time.GetTimestamp();
            if (remaining > _spinTicks)
            {
                // Sleep, but wake early if an earlier deadline arrives.
                var sleep = TimeSpan.FromSeconds((remaining - _spinTicks) / (double)_time.TimestampFrequency);
                _wake.WaitOne(sleep);
                continue;
            }
            while (_time.GetTimestamp() < deadline) Thread.SpinWait(20);
            FireDue();
        }
    }

    private void FireDue()
    {
        while (true)
        {
            Entry entry;
            lock (_lock)
            {
                if (!_queue.TryPeek(out entry!, out var priority) || priority.Deadline > _time.GetTimestamp()) return;
                _queue.Dequeue();
            }
            entry.Fire(_time.GetTimestamp());
        }
    }

    public void Dispose()
    {
        _disposed = true;
        _wake.Set();
    }

    private sealed record Entry(long Deadline, Action<long> Fire);
}

/// <summary>An action's result, with its deadline and the instant it ran (timestamps).</summary>
public readonly record struct Fired<T>(T Result, long Deadline, long FiredAt)
{
    public TimeSpan Lateness => Stopwatch.GetElapsedTime(Deadline, FiredAt);
}

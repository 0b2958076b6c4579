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
    /// <summary>How long before a deadline the thread stops sleeping and spins (a sleep overshoots by up to ~1 ms).</summary>
    private static readonly long SpinTicks = Stopwatch.Frequency * 3 / 2000;

    private readonly PriorityQueue<Action<long>, (long Deadline, long Sequence)> _queue = new();
    private readonly Lock _lock = new();
    private readonly AutoResetEvent _wake = new(false);
    private readonly Thread _thread;
    private long _sequence;
    /// <summary>The earliest deadline queued (long.MaxValue when none): the firing thread sleeps and spins towards it.</summary>
    private long _head = long.MaxValue;
    private volatile bool _disposed;

    public TimedSendScheduler()
    {
        _thread = new Thread(Run) { IsBackground = true, Name = "prosync-timed-send", Priority = ThreadPriority.Highest };
        _thread.Start();
    }

    /// <summary>The process-wide scheduler.</summary>
    public static TimedSendScheduler Shared { get; } = new();

    /// <summary>
    /// Runs <paramref name="action"/> at <paramref name="deadline"/> (a <see cref="Stopwatch.GetTimestamp"/> value, which is
    /// what <see cref="TimeProvider.System"/> gives), or at once if that has passed. The result carries the instant it ran.
    /// </summary>
    public Task<Fired<T>> Schedule<T>(long deadline, Func<T> action)
    {
        var completion = new TaskCompletionSource<Fired<T>>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Fire(long firedAt)
        {
            try { completion.TrySetResult(new Fired<T>(action(), deadline, firedAt)); }
            catch (Exception ex) { completion.TrySetException(ex); }
        }
        bool earlier;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _queue.Enqueue(Fire, (deadline, _sequence++));
            earlier = deadline < _head;
            if (earlier) Volatile.Write(ref _head, deadline);
        }
        // Only a new earliest deadline changes what the thread waits for.
        if (earlier) _wake.Set();
        return completion.Task;
    }

    /// <summary>The scheduling the firing thread got (see <see cref="RealTimeThread"/>), for logs and reports.</summary>
    public string Scheduling { get; private set; } = "starting";

    private void Run()
    {
        Scheduling = RealTimeThread.Promote(priority: 10);
        while (!_disposed)
        {
            var deadline = Volatile.Read(ref _head);
            if (deadline == long.MaxValue)
            {
                _wake.WaitOne();
                continue;
            }
            // Sleep in whole milliseconds (what the wait can do) while more than one is left before the spin window;
            // an earlier deadline wakes it.
            var sleepMs = (deadline - SpinTicks - Stopwatch.GetTimestamp()) * 1000 / Stopwatch.Frequency;
            if (sleepMs >= 1)
            {
                _wake.WaitOne((int)sleepMs);
                continue;
            }
            // Spin, but start over if an earlier deadline arrives meanwhile.
            while (Stopwatch.GetTimestamp() < deadline && Volatile.Read(ref _head) == deadline) Thread.SpinWait(20);
            FireDue();
        }
    }

    private void FireDue()
    {
        while (true)
        {
            Action<long> fire;
            lock (_lock)
            {
                if (!_queue.TryPeek(out fire!, out var priority) || priority.Deadline > Stopwatch.GetTimestamp())
                {
                    Volatile.Write(ref _head, _queue.TryPeek(out _, out var next) ? next.Deadline : long.MaxValue);
                    return;
                }
                _queue.Dequeue();
            }
            fire(Stopwatch.GetTimestamp());
        }
    }

    public void Dispose()
    {
        _disposed = true;
        _wake.Set();
    }
}

/// <summary>An action's result, with its deadline and the instant it ran (timestamps).</summary>
public readonly record struct Fired<T>(T Result, long Deadline, long FiredAt)
{
    public TimeSpan Lateness => Stopwatch.GetElapsedTime(Deadline, FiredAt);
}

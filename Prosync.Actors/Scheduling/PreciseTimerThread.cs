using System.Diagnostics;

namespace Prosync.Actors.Scheduling;

/// <summary>
/// One background thread that completes waits at precise <see cref="Stopwatch"/> timestamps.
/// .NET timers (and so <see cref="Task.Delay(TimeSpan)"/>) run on the coarse tick clock, which
/// on Linux is CLOCK_MONOTONIC_COARSE: one jiffy, 4 ms at HZ=250, so a 1 ms delay can take 4–7 ms.
/// A plain timed wait on a thread is precise to about 0.1 ms, so this thread sleeps in whole
/// milliseconds until less than one remains and then completes the wait (its continuation runs
/// on the thread pool, before the caller's deadline: the caller's spin absorbs that hop).
/// </summary>
internal sealed class PreciseTimerThread
{
    private static readonly Lazy<PreciseTimerThread> LazyShared = new(() => new PreciseTimerThread());

    private readonly object _gate = new();
    private readonly PriorityQueue<TaskCompletionSource, long> _queue = new();
    private readonly long _oneMillisecond = Stopwatch.Frequency / 1000;

    private PreciseTimerThread()
    {
        var thread = new Thread(Run) { IsBackground = true, Name = "Prosync precise timer" };
        thread.Start();
    }

    public static PreciseTimerThread Shared => LazyShared.Value;

    /// <summary>Completes at or up to ~1 ms before <paramref name="timestamp"/> (plus scheduling delay).</summary>
    public async Task WaitUntilAsync(long timestamp, CancellationToken ct)
    {
        var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            bool newHead = !_queue.TryPeek(out _, out long head) || timestamp < head;
            _queue.Enqueue(tcs, timestamp);
            if (newHead)
                Monitor.Pulse(_gate);
        }
        // A cancelled wait stays queued until due; completing it then does nothing.
        using (ct.UnsafeRegister(static (state, token) => ((TaskCompletionSource)state!).TrySetCanceled(token), tcs))
            await tcs.Task.ConfigureAwait(false);
    }

    private void Run()
    {
        var due = new List<TaskCompletionSource>();
        while (true)
        {
            lock (_gate)
            {
                while (true)
                {
                    if (!_queue.TryPeek(out _, out long head))
                    {
                        Monitor.Wait(_gate);
                        continue;
                    }
                    long remaining = head - Stopwatch.GetTimestamp();
                    if (remaining < _oneMillisecond)
                        break;
                    Monitor.Wait(_gate, (int)Math.Min(remaining / _oneMillisecond, int.MaxValue));
                }
                long now = Stopwatch.GetTimestamp();
                while (_queue.TryPeek(out var tcs, out long at) && at - now < _oneMillisecond)
                {
                    _queue.Dequeue();
                    due.Add(tcs);
                }
            }
            foreach (var tcs in due)
                tcs.TrySetResult();
            due.Clear();
        }
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;

namespace Prosync.Host.Lab;

/// <summary>
/// The one thread that performs every timed write of every relay in the process.
/// </summary>
/// <remarks>
/// <para>A dedicated sleep-then-spin loop per direction is precise but 64 servers × 2 directions ×
/// several connections of them would starve a 2-core box. Instead a min-heap holds each
/// direction that has queued data, keyed by the due time of its head chunk (chunks of one
/// direction are due in non-decreasing order, so the head is its earliest). The thread waits
/// for the heap's minimum. On Linux it sleeps in ppoll on an eventfd with a nanosecond timeout
/// until ~80 µs before due (an earlier chunk writes the eventfd to wake it), then spins the
/// rest. Sleeping rather than spinning the last millisecond keeps the CPU cost low (no core
/// burnt at 2,500 deliveries/s), and with the real-time class <see cref="LinuxTiming"/>
/// requests, wake-ups stay on time under load. Elsewhere it waits on a monitor (whole
/// milliseconds) until ~1 ms before due, then yield-spins, as .NET timers allow no better.</para>
/// <para>Everything the thread uses (heap, FIFOs, flags) is its own: readers and control calls
/// post commands to a lock-free inbox and, only if the thread sleeps past the new chunk's due,
/// wake it; so a reader preempted on a busy box never holds a lock the thread needs.</para>
/// <para>Due chunks are written with non-blocking <see cref="Socket.Send(ReadOnlySpan{byte}, SocketFlags, out SocketError)"/>.
/// If a receiver's buffer is full (it is not reading), the rest is handed to an async drain for
/// that direction, which leaves the heap until drained, so one stuck peer never blocks the
/// others and order is kept. A reader waits (TCP back-pressure to its sender) once its
/// direction has 4 MiB queued.</para>
/// </remarks>
internal sealed class DeliveryScheduler
{
    public static readonly DeliveryScheduler Shared = new();

    private const long MaxQueuedBytes = 4 << 20;
    private static readonly long CoarseLead = RelayClock.FromMicroseconds(1000);
    private static readonly long SpinLead = RelayClock.FromMicroseconds(80);
    private static readonly long OneMillisecond = RelayClock.FromMicroseconds(1000);

    private enum Op { Enqueue, Arm, Close, Drained }

    private readonly record struct Command(Op Op, Direction Direction, Chunk Chunk = default, long SentBytes = 0);

    private readonly ConcurrentQueue<Command> _inbox = new();
    private readonly IWaker _waker = LinuxTiming.CreateWaker() ?? new MonitorWaker();
    private int _sleeping;                 // 1 while the thread is in (or entering) a sleep
    private long _wakeFor = long.MaxValue; // the due it sleeps towards: later chunks need not wake it
    private readonly PriorityQueue<Direction, long> _heap = new();
    private readonly List<Direction> _work = [];

    /// <summary>How the delivery thread sleeps and is scheduled, for test and benchmark reports.</summary>
    public string Description => $"{(_waker.IsPrecise ? "ppoll/eventfd sleep" : "monitor sleep")}, {LinuxTiming.Mode}";

    private DeliveryScheduler()
    {
        var thread = new Thread(Run) { IsBackground = true, Name = "LatencyRelay delivery" };
        thread.Start();
    }

    /// <summary>Queues a chunk; returns a task to await when the direction is over its queue bound.</summary>
    public Task? Enqueue(Direction d, Chunk chunk)
    {
        long queued = Interlocked.Add(ref d.QueuedBytes, chunk.Length);
        Post(new Command(Op.Enqueue, d, chunk), chunk.DueTimestamp);
        if (queued <= MaxQueuedBytes)
            return null;
        var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Interlocked.Exchange(ref d.RoomWaiter, waiter);
        if (Interlocked.Read(ref d.QueuedBytes) <= MaxQueuedBytes / 2 || !d.Connection.IsOpen)
            waiter.TrySetResult(); // drained or closed before the waiter was visible
        return waiter.Task;
    }

    /// <summary>Puts directions back in the heap after a pause.</summary>
    public void Rearm(IEnumerable<Direction> directions)
    {
        foreach (var d in directions)
            Post(new Command(Op.Arm, d));
    }

    /// <summary>Discards what a direction still has queued and wakes its reader; it is never armed again.</summary>
    public void Close(Direction d) => Post(new Command(Op.Close, d));

    private void Post(Command command, long due = long.MinValue)
    {
        _inbox.Enqueue(command); // a full fence: pairs with the Exchange in SleepUntil
        if (Volatile.Read(ref _sleeping) != 0 && due < Volatile.Read(ref _wakeFor))
            _waker.Wake();
    }

    private void Run()
    {
        LinuxTiming.PrepareCurrentThread();
        while (true)
        {
            try
            {
                DrainInbox();
                if (WaitStep())
                    DeliverDue();
            }
            catch (Exception e)
            {
                // Never let the shared thread die: every relay in the process would stall.
                Trace.TraceError("LatencyRelay scheduler: {0}", e);
            }
        }
    }

    private void DrainInbox()
    {
        while (_inbox.TryDequeue(out var c))
        {
            var d = c.Direction;
            switch (c.Op)
            {
                case Op.Enqueue:
                    if (d.Closed)
                    {
                        Release(c.Chunk);
                        break;
                    }
                    d.Fifo.Enqueue(c.Chunk);
                    Arm(d);
                    break;
                case Op.Arm:
                    Arm(d);
                    break;
                case Op.Close:
                    d.Closed = true;
                    while (d.Fifo.TryDequeue(out var chunk))
                        Release(chunk);
                    Interlocked.Exchange(ref d.RoomWaiter, null)?.TrySetResult();
                    break;
                case Op.Drained:
                    Finish(d, c.SentBytes);
                    break;
            }
        }
    }

    private void Arm(Direction d)
    {
        if (d.InHeap || d.Busy || d.Closed || d.Fifo.Count == 0 || d.Connection.Relay.Paused)
            return;
        _heap.Enqueue(d, d.Fifo.Peek().DueTimestamp);
        d.InHeap = true;
    }

    /// <summary>One step of waiting for the heap's minimum; true when it is due now.</summary>
    private bool WaitStep()
    {
        if (!_heap.TryPeek(out _, out long due))
        {
            SleepUntil(long.MaxValue, Timeout.Infinite);
            return false;
        }
        long remaining = due - Stopwatch.GetTimestamp();
        if (remaining <= 0)
            return true;
        if (remaining > SpinLead)
        {
            if (_waker.IsPrecise)
            {
                SleepUntil(due, remaining - SpinLead);
                return false; // woken early or on time: the caller drains the inbox and comes back
            }
            if (remaining - CoarseLead >= OneMillisecond)
            {
                // Portable waits are whole (truncated) milliseconds: this wakes ≥ ~1 ms early.
                SleepUntil(due, (remaining - CoarseLead) / OneMillisecond * OneMillisecond);
                return false;
            }
            if (remaining > SpinLead + OneMillisecond / 4)
            {
                Thread.Yield(); // no sub-ms sleep here: spin, but let others run
                return false;
            }
        }
        while (Stopwatch.GetTimestamp() < due)
            Thread.SpinWait(16);
        return true;
    }

    /// <summary>Sleeps up to <paramref name="timeout"/> Stopwatch ticks (&lt; 0: no limit) unless a command arrives that needs the thread before <paramref name="due"/>.</summary>
    private void SleepUntil(long due, long timeout)
    {
        Volatile.Write(ref _wakeFor, due);
        Interlocked.Exchange(ref _sleeping, 1); // a full fence: pairs with the Enqueue in Post
        if (_inbox.IsEmpty)
            _waker.Wait(timeout);
        Volatile.Write(ref _sleeping, 0);
    }

    private void DeliverDue()
    {
        long now = Stopwatch.GetTimestamp();
        while (_heap.TryPeek(out var d, out long due) && due <= now)
        {
            _heap.Dequeue();
            d.InHeap = false;
            if (d.Closed || d.Connection.Relay.Paused)
                continue; // paused: re-armed on resume; closed: dropped
            while (d.Fifo.TryPeek(out var chunk) && chunk.DueTimestamp <= now)
                d.Outgoing.Add(d.Fifo.Dequeue());
            d.Busy = true;
            _work.Add(d);
        }
        foreach (var d in _work)
            Deliver(d);
        _work.Clear();
    }

    private void Deliver(Direction d)
    {
        int i = 0;
        long sentBytes = 0;
        bool finDelivered = false;
        var log = d.Connection.Relay.LatenessLog;
        try
        {
            for (; i < d.Outgoing.Count; i++)
            {
                var chunk = d.Outgoing[i];
                if (chunk.Buffer is null)
                {
                    d.To.Shutdown(SocketShutdown.Send);
                    finDelivered = true;
                    continue;
                }
                while (chunk.Offset < chunk.Length)
                {
                    int n = d.To.Send(chunk.Buffer.AsSpan(chunk.Offset, chunk.Length - chunk.Offset), SocketFlags.None, out var error);
                    if (error == SocketError.WouldBlock)
                    {
                        d.Outgoing[i] = chunk;
                        d.Outgoing.RemoveRange(0, i);
                        _ = DrainAsync(d, sentBytes); // receiver is not reading: don't block the shared thread
                        return;
                    }
                    if (error != SocketError.Success)
                        throw new SocketException((int)error);
                    chunk.Offset += n;
                    sentBytes += n;
                }
                log?.Enqueue((Stopwatch.GetTimestamp() - chunk.DueTimestamp) * 1000.0 / Stopwatch.Frequency);
                Release(chunk);
            }
        }
        catch (Exception)
        {
            for (; i < d.Outgoing.Count; i++)
                Release(d.Outgoing[i]);
            d.Outgoing.Clear();
            d.Connection.Abort();
            Finish(d, sentBytes);
            return;
        }
        d.Outgoing.Clear();
        Finish(d, sentBytes);
        if (finDelivered)
            d.Connection.OnFinDelivered();
    }

    private async Task DrainAsync(Direction d, long sentBytes)
    {
        bool finDelivered = false;
        try
        {
            foreach (var c in d.Outgoing)
            {
                var chunk = c;
                if (chunk.Buffer is null)
                {
                    d.To.Shutdown(SocketShutdown.Send);
                    finDelivered = true;
                    continue;
                }
                while (chunk.Offset < chunk.Length)
                {
                    int n = await d.To.SendAsync(chunk.Buffer.AsMemory(chunk.Offset, chunk.Length - chunk.Offset), SocketFlags.None).ConfigureAwait(false);
                    chunk.Offset += n;
                    sentBytes += n;
                }
            }
        }
        catch (Exception)
        {
            d.Connection.Abort();
        }
        foreach (var chunk in d.Outgoing)
            Release(chunk);
        d.Outgoing.Clear();
        if (finDelivered)
            d.Connection.OnFinDelivered();
        Post(new Command(Op.Drained, d, SentBytes: sentBytes));
    }

    /// <summary>A batch is done: account for it, let a waiting reader go on, and queue the rest.</summary>
    private void Finish(Direction d, long sentBytes)
    {
        d.Busy = false;
        if (Interlocked.Add(ref d.QueuedBytes, -sentBytes) <= MaxQueuedBytes / 2)
            Interlocked.Exchange(ref d.RoomWaiter, null)?.TrySetResult();
        Arm(d);
    }

    private static void Release(Chunk chunk)
    {
        if (chunk.Buffer is not null)
            ChunkPool.Return(chunk.Buffer);
    }
}

/// <summary>
/// Receive buffers, one per chunk in flight. Lock-free (unlike ArrayPool.Shared's per-core
/// stacks) because the delivery thread returns them: it must never wait on a lock held by a
/// preempted thread-pool thread.
/// </summary>
internal static class ChunkPool
{
    /// <summary>Bytes per receive: one "segment" of the delay model.</summary>
    private const int ChunkSize = 16 * 1024;
    private const int MaxPooled = 1024;
    private static readonly ConcurrentQueue<byte[]> Pool = new();
    private static int _pooled;

    public static byte[] Rent()
    {
        if (Pool.TryDequeue(out var buffer))
        {
            Interlocked.Decrement(ref _pooled);
            return buffer;
        }
        return new byte[ChunkSize];
    }

    public static void Return(byte[] buffer)
    {
        if (Interlocked.Increment(ref _pooled) <= MaxPooled)
            Pool.Enqueue(buffer);
        else
            Interlocked.Decrement(ref _pooled);
    }
}

/// <summary>Stopwatch timestamps ⇄ the TimeSpan timeline the pure <see cref="DelayModel"/> uses.</summary>
internal static class RelayClock
{
    private static readonly long Epoch = Stopwatch.GetTimestamp();
    private static readonly double TimestampsPerTick = (double)Stopwatch.Frequency / TimeSpan.TicksPerSecond;

    public static TimeSpan ToTime(long timestamp) => Stopwatch.GetElapsedTime(Epoch, timestamp);

    public static long ToTimestamp(TimeSpan time) => Epoch + (long)(time.Ticks * TimestampsPerTick);

    public static long FromMicroseconds(double us) => (long)(us * Stopwatch.Frequency / 1_000_000);
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Prosync.Host.Lab;

/// <summary>
/// A TCP relay on 127.0.0.1 that forwards every connection to a target and delays both
/// directions per a <see cref="LinkProfile"/>: our substitute for netem, which this kernel lacks.
/// </summary>
/// <remarks>
/// Reading is async (one receive loop per direction). Each chunk read is stamped, given a due
/// time by that direction's <see cref="DelayModel"/> and queued; the writes are done by one
/// process-wide scheduler thread (see <see cref="DeliveryScheduler"/>) so that delivery is
/// precise to ~0.1 ms without a spinning thread per direction. Connection setup is not delayed;
/// data and FIN (half-close) are. A reset or error on either side resets the other at once.
/// </remarks>
public sealed class LatencyRelay : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly string _targetHost;
    private readonly int _targetPort;
    private readonly int _seed;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _connectionsGate = new();
    private readonly HashSet<RelayConnection> _connections = [];
    private readonly ConcurrentDictionary<int, Task> _handlers = new();
    private readonly Task _acceptLoop;
    private volatile LinkProfile _profile;
    private volatile bool _paused;
    private bool _disposed;
    private int _accepted;

    private LatencyRelay(Socket listener, string targetHost, int targetPort, LinkProfile profile, int seed)
    {
        _listener = listener;
        _targetHost = targetHost;
        _targetPort = targetPort;
        _profile = profile;
        _seed = seed;
        Port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        _acceptLoop = AcceptLoopAsync();
    }

    /// <summary>Listens on 127.0.0.1 (ephemeral port) and relays each accepted connection to the target.</summary>
    /// <param name="seed">Seeds every direction's <see cref="DelayModel"/> (mixed with the connection's accept order and direction) so runs are repeatable.</param>
    public static LatencyRelay Start(string targetHost, int targetPort, LinkProfile profile, int seed = 0)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(targetHost);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(targetPort);
        DelayModel.Validate(profile);
        EnsurePoolHeadroom();
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            listener.Listen(512);
        }
        catch
        {
            listener.Dispose();
            throw;
        }
        return new LatencyRelay(listener, targetHost, targetPort, profile, seed);
    }

    /// <summary>The loopback port clients connect to instead of the target.</summary>
    public int Port { get; }

    /// <summary>The link behaviour; a new value applies to chunks read after the change, on all connections.</summary>
    public LinkProfile Profile
    {
        get => _profile;
        set
        {
            DelayModel.Validate(value);
            _profile = value;
        }
    }

    /// <summary>
    /// While true, nothing is delivered in either direction on any connection (a stalled link);
    /// data keeps being read and queued (up to a bound, then TCP back-pressure stalls the
    /// sender). Clearing it delivers everything overdue at once, in order.
    /// </summary>
    public bool Paused
    {
        get => _paused;
        set
        {
            _paused = value;
            if (!value)
                DeliveryScheduler.Shared.Rearm(Directions());
        }
    }

    /// <summary>
    /// When set, the scheduler appends each delivery's lateness (write completed − due, in ms) here.
    /// A measuring hook for tests and the benchmark; null (off) by default.
    /// </summary>
    internal ConcurrentQueue<double>? LatenessLog { get; set; }

    /// <summary>Resets (RST) both sides of every current connection, as a link loss would; the relay keeps accepting.</summary>
    public void DropAllConnections()
    {
        foreach (var connection in SnapshotConnections())
            connection.Abort();
    }

    /// <summary>Stops listening, resets all connections and waits for their loops to finish.</summary>
    public async ValueTask DisposeAsync()
    {
        lock (_connectionsGate)
        {
            if (_disposed)
                return;
            _disposed = true;
        }
        _stopping.Cancel();
        _listener.Dispose();
        await _acceptLoop.ConfigureAwait(false);
        DropAllConnections();
        await Task.WhenAll(_handlers.Values).ConfigureAwait(false);
        _stopping.Dispose();
    }

    internal void Forget(RelayConnection connection)
    {
        lock (_connectionsGate)
            _connections.Remove(connection);
    }

    private RelayConnection[] SnapshotConnections()
    {
        lock (_connectionsGate)
            return [.. _connections];
    }

    private List<Direction> Directions()
    {
        var directions = new List<Direction>();
        foreach (var c in SnapshotConnections())
        {
            directions.Add(c.Up);
            directions.Add(c.Down);
        }
        return directions;
    }

    private async Task AcceptLoopAsync()
    {
        while (true)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (_stopping.IsCancellationRequested)
                    return;
                await Task.Delay(10).ConfigureAwait(false); // a failed accept must not stop the relay, nor spin
                continue;
            }
            int index = _accepted++;
            var handler = HandleAsync(client, index);
            _handlers[index] = handler;
            _ = handler.ContinueWith(completed => _handlers.TryRemove(index, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private async Task HandleAsync(Socket client, int index)
    {
        Socket server;
        try
        {
            server = await ConnectTargetAsync(_stopping.Token).ConfigureAwait(false);
        }
        catch (Exception)
        {
            RelayConnection.Reset(client); // target unreachable: the client sees the link fail
            return;
        }

        var connection = new RelayConnection(this, client, server, MixSeed(_seed, index));
        lock (_connectionsGate)
        {
            if (_disposed)
            {
                RelayConnection.Reset(client);
                RelayConnection.Reset(server);
                return;
            }
            _connections.Add(connection);
        }
        await connection.RunAsync().ConfigureAwait(false);
    }

    private async Task<Socket> ConnectTargetAsync(CancellationToken cancellationToken)
    {
        IPAddress[] addresses = IPAddress.TryParse(_targetHost, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(_targetHost, cancellationToken).ConfigureAwait(false);
        Exception? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, _targetPort), cancellationToken).ConfigureAwait(false);
                return socket;
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                socket.Dispose();
                last = e;
            }
        }
        throw last ?? new SocketException((int)SocketError.HostNotFound);
    }

    /// <summary>
    /// Reads ride the thread pool. When other code in the process blocks pool threads (the test
    /// host does), the pool grows only by its starvation heuristic, about one thread per 0.5 s,
    /// and we measured single round trips stalled by 0.7–0.9 s. This is a test and bench kit, so
    /// it raises the pool's minimum once (never lowers it) rather than let timing depend on that.
    /// </summary>
    private static void EnsurePoolHeadroom()
    {
        const int MinWorkers = 16;
        ThreadPool.GetMinThreads(out int workers, out int io);
        if (workers < MinWorkers)
            ThreadPool.SetMinThreads(MinWorkers, io);
    }

    /// <summary>Deterministic (unlike HashCode) so a seed replays the same run.</summary>
    private static int MixSeed(int seed, int connectionIndex) => unchecked(seed * 1_000_003 + connectionIndex * 7919);
}

/// <summary>One relayed connection: two directions, and the rules for closing them together.</summary>
internal sealed class RelayConnection
{
    private const int Open = 0, Closed = 1;
    private int _state;
    private int _finsDelivered;

    public RelayConnection(LatencyRelay relay, Socket client, Socket server, int seed)
    {
        Relay = relay;
        Client = client;
        Server = server;
        foreach (var s in new[] { client, server })
        {
            s.NoDelay = true;    // Nagle would add its own, unmodelled delay to small writes
            s.Blocking = false;  // the scheduler's writes must never block the shared thread
        }
        Up = new Direction(this, client, server, new DelayModel(relay.Profile, unchecked(seed * 2)));
        Down = new Direction(this, server, client, new DelayModel(relay.Profile, unchecked(seed * 2 + 1)));
    }

    public LatencyRelay Relay { get; }
    private Socket Client { get; }
    private Socket Server { get; }
    /// <summary>Client → target.</summary>
    public Direction Up { get; }
    /// <summary>Target → client.</summary>
    public Direction Down { get; }

    /// <summary>False once the connection has been closed or reset.</summary>
    public bool IsOpen => Volatile.Read(ref _state) == Open;

    public Task RunAsync() => Task.WhenAll(Up.ReadLoopAsync(), Down.ReadLoopAsync());

    /// <summary>Called on the writer side once a direction's FIN has been delivered; closes normally when both have.</summary>
    public void OnFinDelivered()
    {
        if (Interlocked.Increment(ref _finsDelivered) == 2 && Interlocked.Exchange(ref _state, Closed) == Open)
        {
            Client.Dispose();
            Server.Dispose();
            Relay.Forget(this);
        }
    }

    /// <summary>Resets both sides and discards queued data: what a lost link or a reset on one side looks like to the other.</summary>
    public void Abort()
    {
        if (Interlocked.Exchange(ref _state, Closed) != Open)
            return;
        DeliveryScheduler.Shared.Close(Up);
        DeliveryScheduler.Shared.Close(Down);
        Reset(Client);
        Reset(Server);
        Relay.Forget(this);
    }

    /// <summary>Closes with RST rather than FIN (linger 0), so the peer sees a reset, not an orderly end.</summary>
    public static void Reset(Socket socket)
    {
        try
        {
            socket.LingerState = new LingerOption(true, 0);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
        socket.Dispose();
    }
}

/// <summary>A chunk awaiting delivery; <see cref="Buffer"/> null means FIN (half-close).</summary>
internal struct Chunk(byte[]? buffer, int length, long dueTimestamp)
{
    public byte[]? Buffer = buffer;
    public int Offset;
    public int Length = length;
    public readonly long DueTimestamp = dueTimestamp;
}

/// <summary>
/// One direction of a connection: its reader loop, its delay model and its FIFO of chunks.
/// The FIFO and the flags belong to the scheduler thread alone; only one party (that thread,
/// or a back-pressure drain while <see cref="Busy"/>) writes to <see cref="To"/> at a time,
/// which is what keeps order.
/// </summary>
internal sealed class Direction(RelayConnection connection, Socket from, Socket to, DelayModel model)
{
    public RelayConnection Connection { get; } = connection;
    private Socket From { get; } = from;
    public Socket To { get; } = to;

    // Scheduler thread only.
    public readonly Queue<Chunk> Fifo = new();
    public readonly List<Chunk> Outgoing = [];
    public bool InHeap;
    public bool Busy;
    public bool Closed;

    // Shared between the reader and the scheduler (Interlocked).
    public long QueuedBytes;
    public TaskCompletionSource? RoomWaiter;

    public async Task ReadLoopAsync()
    {
        try
        {
            while (true)
            {
                var buffer = ChunkPool.Rent();
                int n;
                try
                {
                    n = await From.ReceiveAsync(buffer.AsMemory(), SocketFlags.None).ConfigureAwait(false);
                }
                catch
                {
                    ChunkPool.Return(buffer);
                    throw;
                }
                long arrival = Stopwatch.GetTimestamp();
                var profile = Connection.Relay.Profile;
                if (!ReferenceEquals(model.Profile, profile))
                    model.Profile = profile;
                long due = RelayClock.ToTimestamp(model.DeliveryTime(RelayClock.ToTime(arrival)));
                if (n == 0)
                {
                    ChunkPool.Return(buffer);
                    _ = DeliveryScheduler.Shared.Enqueue(this, new Chunk(null, 0, due)); // FIN travels with the same delay, after the data
                    return;
                }
                var room = DeliveryScheduler.Shared.Enqueue(this, new Chunk(buffer, n, due));
                if (room is not null)
                    await room.ConfigureAwait(false);
            }
        }
        catch (Exception)
        {
            Connection.Abort(); // reset or error on this side: the other side must not hang
        }
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

/// <summary>How the delivery thread sleeps and is woken by the threads posting to it.</summary>
internal interface IWaker
{
    /// <summary>True if <see cref="Wait"/> honours sub-millisecond timeouts.</summary>
    bool IsPrecise { get; }

    /// <summary>Sleeps until woken or for <paramref name="timeout"/> Stopwatch ticks (&lt; 0: no limit).</summary>
    void Wait(long timeout);

    /// <summary>Ends the current or next <see cref="Wait"/>.</summary>
    void Wake();
}

/// <summary>Portable fallback: whole-millisecond monitor waits.</summary>
internal sealed class MonitorWaker : IWaker
{
    private readonly object _gate = new();
    private bool _signalled;

    public bool IsPrecise => false;

    public void Wait(long timeout)
    {
        lock (_gate)
        {
            if (!_signalled)
                Monitor.Wait(_gate, timeout < 0 ? Timeout.Infinite : (int)Math.Min(int.MaxValue, timeout * 1000 / Stopwatch.Frequency));
            _signalled = false;
        }
    }

    public void Wake()
    {
        lock (_gate)
        {
            _signalled = true;
            Monitor.Pulse(_gate);
        }
    }
}

/// <summary>
/// Linux specifics that make the delivery thread precise on a busy box. .NET waits are whole
/// milliseconds; ppoll on an eventfd takes a nanosecond timeout, can be woken by a write from
/// any thread without a shared lock, and with the thread's timer slack lowered to 1 ns wakes
/// within tens of µs. And a normal thread's wake-up can be delayed by milliseconds when builds and tests run
/// beside it, so the thread asks for SCHED_FIFO priority 1 when allowed (root or CAP_SYS_NICE):
/// it sleeps most of the time, and the kernel's RT throttling bounds it anyway. Otherwise it
/// tries nice −10, otherwise it stays a normal thread. All best effort, never fatal.
/// </summary>
internal static class LinuxTiming
{

    private static readonly bool Available = OperatingSystem.IsLinux();

    /// <summary>What <see cref="PrepareCurrentThread"/> obtained, for test and benchmark reports.</summary>
    public static string Mode { get; private set; } = "not started";

    /// <summary>True once the delivery thread runs in the real-time class (immune to other load).</summary>
    public static bool IsRealtime { get; private set; }

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public nint Seconds;
        public nint Nanoseconds;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short ReturnedEvents;
    }

    private const int EFD_NONBLOCK = 0x800, EFD_CLOEXEC = 0x80000;
    private const short POLLIN = 1;

    [DllImport("libc", EntryPoint = "eventfd")]
    private static extern int EventFd(uint initial, int flags);

    [DllImport("libc", EntryPoint = "ppoll", SetLastError = true)]
    private static extern int PPoll(ref PollFd fds, nuint count, ref Timespec timeout, IntPtr signalMask);

    [DllImport("libc", EntryPoint = "read")]
    private static extern nint Read(int fd, ref ulong value, nuint count);

    [DllImport("libc", EntryPoint = "write")]
    private static extern nint Write(int fd, ref ulong value, nuint count);

    /// <summary>Lowers timer slack and raises the scheduling class of the calling thread, as far as permitted.</summary>
    public static void PrepareCurrentThread()
    {
        Mode = Available ? Prosync.Actors.Scheduling.RealTimeThread.Promote(priority: 1) : "portable (monitor wait + spin)";
        IsRealtime = Mode.StartsWith("SCHED_FIFO", StringComparison.Ordinal);
    }

    /// <summary>An eventfd-based waker, or null where that is not available.</summary>
    public static IWaker? CreateWaker()
    {
        if (!Available)
            return null;
        try
        {
            int fd = EventFd(0, EFD_NONBLOCK | EFD_CLOEXEC);
            return fd < 0 ? null : new EventFdWaker(fd);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Lives as long as the process (the delivery thread never ends), so the fd is never closed.</summary>
    private sealed class EventFdWaker(int fd) : IWaker
    {
        private static readonly long MaxTimeout = Stopwatch.Frequency * 3600;

        public bool IsPrecise => true;

        public void Wait(long timeout)
        {
            if (timeout < 0 || timeout > MaxTimeout)
                timeout = MaxTimeout; // the loop simply comes back
            long ns = (long)(timeout * (1_000_000_000.0 / Stopwatch.Frequency));
            var spec = new Timespec { Seconds = (nint)(ns / 1_000_000_000), Nanoseconds = (nint)(ns % 1_000_000_000) };
            var poll = new PollFd { Fd = fd, Events = POLLIN };
            int ready = PPoll(ref poll, 1, ref spec, IntPtr.Zero);
            if (ready > 0)
            {
                ulong count = 0;
                Read(fd, ref count, sizeof(ulong)); // reset the counter; non-blocking
            }
            else if (ready < 0 && Marshal.GetLastSystemError() != 4 /* EINTR */)
            {
                Thread.Sleep(1); // never let a failing ppoll turn a real-time thread into a busy loop
            }
        }

        public void Wake()
        {
            ulong one = 1;
            Write(fd, ref one, sizeof(ulong));
        }
    }
}

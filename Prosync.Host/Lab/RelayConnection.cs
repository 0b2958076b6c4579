using System.Diagnostics;
using System.Net.Sockets;

namespace Prosync.Host.Lab;

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
        var link = relay.LinkBursts(); // one Gilbert–Elliott process for the whole link: all connections, both directions
        Up = new Direction(this, client, server, new DelayModel(relay.Profile, unchecked(seed * 2), link));
        Down = new Direction(this, server, client, new DelayModel(relay.Profile, unchecked(seed * 2 + 1), link));
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

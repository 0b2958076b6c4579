using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Text;
using Prosync.Actors.Protocol;

namespace Prosync.Actors.Servers;

/// <summary>
/// One TCP connection to an MPD server. Requests are pipelined: each write enqueues a waiter,
/// and the read loop completes waiters in order as whole responses arrive. Writes are synchronous
/// socket sends so a timed command leaves the process at the instant the caller chooses.
/// </summary>
public sealed class MpdConnection : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly PipeReader _reader;
    private readonly ConcurrentQueue<Waiter> _waiters = new();
    private readonly TimeProvider _time;
    private readonly Lock _writeLock = new();
    private readonly CancellationTokenSource _closed = new();
    private readonly Task _readLoop;
    private Exception? _failure;
    private long _scanned; // bytes of the unfinished response already walked: big listings are not rescanned per read

    private MpdConnection(Socket socket, MpdVersion version, PipeReader reader, TimeProvider time)
    {
        _time = time;
        _socket = socket;
        _reader = reader;
        Version = version;
        _readLoop = Task.Run(ReadLoopAsync);
    }

    /// <summary>Protocol version from the server's greeting.</summary>
    public MpdVersion Version { get; }

    /// <summary>
    /// Bytes have arrived that the read loop has not taken yet. When a reply seems late, this tells whether the
    /// server is slow or this process is (a starved thread pool on a loaded machine).
    /// </summary>
    public bool HasUnreadInput
    {
        get
        {
            try { return _socket.Available > 0; }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException) { return false; }
        }
    }

    /// <summary>Completes when the connection ends; faulted if it broke.</summary>
    public Task Completion => _readLoop;

    public static async Task<MpdConnection> ConnectAsync(string host, int port, TimeSpan timeout, CancellationToken ct = default,
        TimeProvider? time = null)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(host, port, cts.Token);
            var reader = PipeReader.Create(new NetworkStream(socket, ownsSocket: false));
            var version = await ReadGreetingAsync(reader, cts.Token);
            return new MpdConnection(socket, version, reader, time ?? TimeProvider.System);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            socket.Dispose();
            throw new TimeoutException($"MPD at {host}:{port} did not greet within {timeout.TotalMilliseconds:0} ms");
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>A command line as MPD reads it; encode ahead of a timed send so only the write happens at the deadline.</summary>
    public static byte[] Encode(string line) => Encoding.UTF8.GetBytes(line + "\n");

    /// <summary>Sends one command line and returns its whole response.</summary>
    public Task<MpdResponse> SendAsync(string line) => Send(Encode(line));

    /// <summary>Sends one command line already <see cref="Encode">encoded</see> and returns its whole response.</summary>
    public Task<MpdResponse> Send(byte[] line)
    {
        lock (_writeLock)
        {
            var waiter = Enqueue();
            Write(line);
            return waiter.Task;
        }
    }

    /// <summary>
    /// Like <see cref="SendAsync"/>, with the timestamps (<see cref="TimeProvider.GetTimestamp"/>) of the write
    /// and of the parse of the reply, both taken on the I/O path so a thread-pool hop does not pollute an RTT.
    /// </summary>
    public async Task<TimedResponse> SendTimedAsync(string line)
    {
        var bytes = Encode(line);
        Waiter waiter;
        lock (_writeLock)
        {
            waiter = Enqueue();
            waiter.SentAt = _time.GetTimestamp();
            Write(bytes);
        }
        var response = await waiter.Task;
        return new TimedResponse(response, waiter.SentAt, waiter.ReceivedAt);
    }

    /// <summary>
    /// Sends several command lines in one write (one TCP segment when small) and returns one response per line.
    /// </summary>
    public Task<MpdResponse>[] SendBatch(IReadOnlyList<string> lines)
    {
        var bytes = Encode(string.Join('\n', lines));
        var tasks = new Task<MpdResponse>[lines.Count];
        lock (_writeLock)
        {
            for (var i = 0; i < tasks.Length; i++) tasks[i] = Enqueue().Task;
            Write(bytes);
        }
        return tasks;
    }

    private Waiter Enqueue()
    {
        var waiter = new Waiter();
        if (_failure is not null) waiter.TrySetException(new IOException("connection to MPD is closed", _failure));
        else _waiters.Enqueue(waiter);
        return waiter;
    }

    private void Write(byte[] bytes)
    {
        try
        {
            var sent = 0;
            while (sent < bytes.Length) sent += _socket.Send(bytes, sent, bytes.Length - sent, SocketFlags.None);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            Fail(ex);
        }
    }

    private async Task ReadLoopAsync()
    {
        try
        {
            while (true)
            {
                var result = await _reader.ReadAsync(_closed.Token);
                QuickAck();
                var buffer = result.Buffer;
                var consumed = Consume(buffer);
                _reader.AdvanceTo(consumed, buffer.End);
                if (result.IsCompleted) throw new IOException("MPD closed the connection");
            }
        }
        catch (Exception ex)
        {
            Fail(ex is OperationCanceledException ? new IOException("connection closed locally") : ex);
            if (ex is not OperationCanceledException) throw;
        }
    }

    /// <summary>
    /// MPD writes a large response (a picture, a long listing) in several pieces with Nagle on, and its last
    /// piece waits for our ACK, which Linux delays by up to 40 ms because we send nothing back until the whole
    /// response is in. Asking for immediate ACKs after every read (the flag does not stick) removes that stall:
    /// a 30 KB albumart goes from ~42 ms to well under a millisecond.
    /// </summary>
    private void QuickAck()
    {
        if (!OperatingSystem.IsLinux() || _quickAckUnsupported) return;
        try
        {
            _socket.SetRawSocketOption(IpProtocolTcp, TcpQuickAck, QuickAckOn);
        }
        catch (SocketException)
        {
            _quickAckUnsupported = true;
        }
    }

    private const int IpProtocolTcp = 6;
    private const int TcpQuickAck = 12;
    private static readonly byte[] QuickAckOn = [1, 0, 0, 0];
    private bool _quickAckUnsupported;

    private SequencePosition Consume(ReadOnlySequence<byte> buffer)
    {
        var reader = new SequenceReader<byte>(buffer);
        while (ResponseReader.TryRead(ref reader, ref _scanned, out var response))
        {
            var now = _time.GetTimestamp();
            if (!_waiters.TryDequeue(out var waiter))
                throw new MpdProtocolException("MPD sent a response nobody asked for");
            waiter.ReceivedAt = now;
            waiter.TrySetResult(response);
        }
        return reader.Position;
    }

    private void Fail(Exception reason)
    {
        // Under the write lock, so no request can be queued after the drain and wait forever.
        lock (_writeLock)
        {
            Interlocked.CompareExchange(ref _failure, reason, null);
            while (_waiters.TryDequeue(out var waiter))
                waiter.TrySetException(new IOException("connection to MPD lost", reason));
        }
        try { _socket.Shutdown(SocketShutdown.Both); } catch (Exception) { /* already gone */ }
    }

    private static async Task<MpdVersion> ReadGreetingAsync(PipeReader reader, CancellationToken ct)
    {
        while (true)
        {
            var result = await reader.ReadAsync(ct);
            var buffer = result.Buffer;
            var position = buffer.PositionOf((byte)'\n');
            if (position is { } newline)
            {
                var line = Encoding.UTF8.GetString(buffer.Slice(0, newline)).TrimEnd();
                reader.AdvanceTo(buffer.GetPosition(1, newline));
                return Greeting.TryParse(line, out var version)
                    ? version
                    : throw new MpdProtocolException($"not an MPD greeting: {line}");
            }
            if (result.IsCompleted || buffer.Length > 4096) throw new MpdProtocolException("no MPD greeting");
            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private sealed class Waiter() : TaskCompletionSource<MpdResponse>(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        public long SentAt;
        public long ReceivedAt;
    }

    public async ValueTask DisposeAsync()
    {
        Fail(new IOException("connection closed locally"));
        _closed.Cancel();
        try { await _readLoop; } catch (Exception) { /* reported through Completion */ }
        _socket.Dispose();
        _closed.Dispose();
    }
}

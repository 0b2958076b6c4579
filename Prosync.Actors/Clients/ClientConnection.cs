using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Threading.Channels;
using Akka.Actor;
using Prosync.Actors.Protocol;

namespace Prosync.Actors.Clients;

/// <summary>
/// The socket of one client: a read loop that tells whole lines to the session (with a small credit
/// window, so a flooding client is slowed down by TCP instead of filling memory), and a write loop
/// draining a bounded output queue, like MPD's output buffer limit.
/// </summary>
internal sealed class ClientConnection
{
    /// <summary>MPD's default max_output_buffer_size.</summary>
    public const long MaxQueuedOutputBytes = 8 * 1024 * 1024;
    private const int InputCredits = 64;

    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly Channel<ReadOnlyMemory<byte>> _output = Channel.CreateUnbounded<ReadOnlyMemory<byte>>(
        new UnboundedChannelOptions { SingleReader = true });
    private readonly SemaphoreSlim _credits = new(InputCredits);
    private readonly CancellationTokenSource _closing = new();
    private long _queuedBytes;
    private Task _writeLoop = Task.CompletedTask;

    public ClientConnection(Socket socket)
    {
        _socket = socket;
        _socket.NoDelay = true;
        _stream = new NetworkStream(socket, ownsSocket: true);
        RemoteEndPoint = socket.RemoteEndPoint?.ToString() ?? "?";
    }

    public string RemoteEndPoint { get; }

    /// <summary>Starts both loops; events go to <paramref name="session"/>.</summary>
    public void Start(IActorRef session)
    {
        _writeLoop = WriteLoopAsync();
        _ = ReadLoopAsync(session);
    }

    /// <summary>The session took a line off its queue: the reader may deliver another.</summary>
    public void LineConsumed() => _credits.Release();

    /// <summary>Queues bytes for the client; false when the client reads too slowly and must be dropped.</summary>
    public bool Send(ReadOnlyMemory<byte> bytes)
    {
        var q = Interlocked.Add(ref _queuedBytes, bytes.Length);
        if (q > MaxQueuedOutputBytes) return false;
        return _output.Writer.TryWrite(bytes);
    }

    /// <summary>Sends what is queued, then closes the socket.</summary>
    public void Close()
    {
        _output.Writer.TryComplete();
        _ = _writeLoop.ContinueWith(_ =>
        {
            _closing.Cancel();
            try { _socket.Shutdown(SocketShutdown.Both); } catch (Exception) { /* already gone */ }
            _stream.Dispose();
        }, TaskScheduler.Default);
    }

    /// <summary>Closes at once, dropping queued output (slow or hostile client).</summary>
    public void Abort()
    {
        _output.Writer.TryComplete();
        _closing.Cancel();
        _stream.Dispose();
    }

    private async Task ReadLoopAsync(IActorRef session)
    {
        var reader = PipeReader.Create(_stream, new StreamPipeReaderOptions(leaveOpen: true));
        Exception? failure = null;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(_closing.Token);
                var buffer = result.Buffer;
                var consumed = await DeliverLinesAsync(buffer, session);
                if (consumed is null) return; // line too long: the session drops the connection
                reader.AdvanceTo(consumed.Value, buffer.End);
                if (result.IsCompleted) break;
            }
        }
        catch (OperationCanceledException) { return; }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException) { failure = ex; }
        finally { await reader.CompleteAsync(); }
        session.Tell(new ClientDisconnected(failure));
    }

    private async ValueTask<SequencePosition?> DeliverLinesAsync(ReadOnlySequence<byte> buffer, IActorRef session)
    {
        while (true)
        {
            string line;
            LineStatus status;
            SequencePosition position;
            {
                var sequence = new SequenceReader<byte>(buffer);
                if (!RequestLineReader.TryReadLine(ref sequence, out line, out status))
                    return buffer.Start;
                position = sequence.Position;
            }
            if (status == LineStatus.TooLong)
            {
                session.Tell(ClientLineTooLong.Instance);
                return null;
            }
            await _credits.WaitAsync(_closing.Token);
            session.Tell(new ClientLine(line));
            buffer = buffer.Slice(position);
        }
    }

    private async Task WriteLoopAsync()
    {
        try
        {
            await foreach (var chunk in _output.Reader.ReadAllAsync())
            {
                await _stream.WriteAsync(chunk, _closing.Token);
                Interlocked.Add(ref _queuedBytes, -chunk.Length);
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The client is gone; the read loop reports it.
        }
    }
}

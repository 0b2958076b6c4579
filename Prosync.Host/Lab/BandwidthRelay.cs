using System.Net.Sockets;

namespace Prosync.Host.Lab;

/// <summary>
/// A TCP relay on 127.0.0.1 whose link has a bandwidth cap: every byte, in each direction and over all its
/// connections together, passes a <see cref="TokenBucket"/> of <see cref="BytesPerSecond"/> (burst: 5 ms worth,
/// at least 16 KiB, so a short probe is not flattered by the burst). Latency is not its business (<see cref="LatencyRelay"/> does that); it stands for a room whose
/// network is slower or faster than another's, for the replica-selection tests and bench.
/// </summary>
public sealed class BandwidthRelay : IAsyncDisposable
{
    private const int ChunkBytes = 16 * 1024;

    private readonly string _targetHost;
    private readonly int _targetPort;
    private readonly TokenBucket _down;
    private readonly TokenBucket _up;
    private readonly Lock _gate = new();
    private readonly List<Socket> _sockets = [];
    private readonly RelayListener _listener;
    private long _bytesServed;

    private BandwidthRelay(string targetHost, int targetPort, double bytesPerSecond)
    {
        _targetHost = targetHost;
        _targetPort = targetPort;
        BytesPerSecond = bytesPerSecond;
        var burst = Math.Max(ChunkBytes, bytesPerSecond * 0.005);
        _down = new TokenBucket(bytesPerSecond, burst);
        _up = new TokenBucket(bytesPerSecond, burst);
        _listener = RelayListener.Start(backlog: 128, (client, _) => RelayAsync(client));
    }

    /// <summary>The cap, in bytes a second, of each direction.</summary>
    public double BytesPerSecond { get; }

    /// <summary>The loopback port clients connect to instead of the target.</summary>
    public int Port => _listener.Port;

    /// <summary>Bytes sent from the target to its clients so far (what the room served: which link a copy really used).</summary>
    public long BytesServed => Interlocked.Read(ref _bytesServed);

    public static BandwidthRelay Start(string targetHost, int targetPort, double bytesPerSecond)
        => new(targetHost, targetPort, bytesPerSecond);

    public async ValueTask DisposeAsync()
    {
        await _listener.StopAsync();
        lock (_gate)
        {
            foreach (var socket in _sockets)
            {
                socket.Dispose();
            }
            _sockets.Clear();
        }
        await _listener.HandlersFinished();
        _listener.Dispose();
    }

    private async Task RelayAsync(Socket client)
    {
        client.NoDelay = true;
        Track(client);
        Socket? target = null;
        try
        {
            target = await RelayListener.ConnectAsync(_targetHost, _targetPort, _listener.Stopping);
            target.NoDelay = true;
            Track(target);
            await Task.WhenAll(CopyAsync(client, target, _up, served: false), CopyAsync(target, client, _down, served: true));
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
        finally
        {
            Untrack(client);
            if (target is not null) Untrack(target);
        }
    }

    /// <summary>Copies until the source half-closes (then half-closes the destination); a reset aborts both.</summary>
    private async Task CopyAsync(Socket from, Socket to, TokenBucket bucket, bool served)
    {
        var buffer = new byte[ChunkBytes];
        try
        {
            int read;
            while ((read = await from.ReceiveAsync(buffer, SocketFlags.None, _listener.Stopping)) > 0)
            {
                var wait = bucket.DelayFor(read);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, _listener.Stopping);
                }
                for (var sent = 0; sent < read;)
                {
                    sent += await to.SendAsync(buffer.AsMemory(sent, read - sent), SocketFlags.None, _listener.Stopping);
                }
                if (served)
                {
                    Interlocked.Add(ref _bytesServed, read);
                }
            }
            to.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            from.Close(0);
            to.Close(0);
        }
    }

    private void Track(Socket socket)
    {
        lock (_gate)
        {
            _sockets.Add(socket);
        }
    }

    private void Untrack(Socket socket)
    {
        lock (_gate)
        {
            _sockets.Remove(socket);
        }
        socket.Dispose();
    }
}

using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Prosync.Host.Lab;

/// <summary>
/// The listening half of the lab's relays (<see cref="LatencyRelay"/>, <see cref="BandwidthRelay"/>): a socket on
/// 127.0.0.1 (ephemeral port) and an accept loop that hands each connection, numbered in accept order, to the relay's
/// handler; stopping closes the listener, ends the loop, and lets the relay wait for the handlers still running.
/// </summary>
internal sealed class RelayListener : IDisposable
{
    private readonly Socket _socket;
    private readonly Func<Socket, int, Task> _handle;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<int, Task> _handlers = new();
    private readonly Task _acceptLoop;
    private int _accepted;

    private RelayListener(Socket socket, Func<Socket, int, Task> handle)
    {
        _socket = socket;
        _handle = handle;
        Port = ((IPEndPoint)socket.LocalEndPoint!).Port;
        _acceptLoop = AcceptLoopAsync();
    }

    /// <summary>Listens and starts accepting; <paramref name="handle"/> gets each accepted socket and its accept index.</summary>
    public static RelayListener Start(int backlog, Func<Socket, int, Task> handle)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            socket.Listen(backlog);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        return new RelayListener(socket, handle);
    }

    /// <summary>The loopback port clients connect to instead of the target.</summary>
    public int Port { get; }

    /// <summary>Cancelled when the relay stops: for the handlers' own waits (connecting, reading).</summary>
    public CancellationToken Stopping => _stopping.Token;

    /// <summary>Stops accepting: closes the listening socket and waits for the accept loop to end.</summary>
    public async Task StopAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _socket.Dispose();
        await _acceptLoop.ConfigureAwait(false);
    }

    /// <summary>Completes when every handler started so far has finished.</summary>
    public Task HandlersFinished() => Task.WhenAll(_handlers.Values);

    public void Dispose() => _stopping.Dispose();

    /// <summary>Connects to the relay's target, trying each of its addresses in turn.</summary>
    public static async Task<Socket> ConnectAsync(string host, int port, CancellationToken cancellationToken)
    {
        IPAddress[] addresses = IPAddress.TryParse(host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        Exception? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, port), cancellationToken).ConfigureAwait(false);
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

    private async Task AcceptLoopAsync()
    {
        while (true)
        {
            Socket client;
            try
            {
                client = await _socket.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (_stopping.IsCancellationRequested)
                    return;
                await Task.Delay(10).ConfigureAwait(false); // a failed accept must not stop the relay, nor spin
                continue;
            }
            int index = _accepted++;
            var handler = _handle(client, index);
            _handlers[index] = handler;
            _ = handler.ContinueWith(_ => _handlers.TryRemove(index, out Task? _), CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }
}

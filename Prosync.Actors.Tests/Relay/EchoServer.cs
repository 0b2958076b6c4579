using System.Net;
using System.Net.Sockets;

namespace Prosync.Actors.Tests.Relay;

/// <summary>
/// A loopback TCP server for relay tests. By default it echoes and, on the client's FIN,
/// half-closes back (so half-close propagation is observable); a custom handler can do anything.
/// </summary>
internal sealed class EchoServer : IAsyncDisposable
{
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly Func<Socket, Task> _handler;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Socket> _accepted = [];
    private readonly Task _loop;

    public EchoServer(Func<Socket, Task>? handler = null)
    {
        _handler = handler ?? EchoAsync;
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(512);
        Port = ((IPEndPoint)_listener.LocalEndPoint!).Port;
        _loop = AcceptAsync();
    }

    public int Port { get; }

    public static async Task EchoAsync(Socket s)
    {
        var buffer = new byte[64 * 1024];
        while (true)
        {
            int n = await s.ReceiveAsync(buffer, SocketFlags.None);
            if (n == 0)
            {
                s.Shutdown(SocketShutdown.Send);
                return;
            }
            int sent = 0;
            while (sent < n)
                sent += await s.SendAsync(buffer.AsMemory(sent, n - sent), SocketFlags.None);
        }
    }

    /// <summary>
    /// Echo with blocking I/O on a thread of its own, for precision tests: a thread-pool hop on a
    /// busy box costs more than the relay's whole error budget, and it is not the relay's.
    /// </summary>
    public static Task EchoOnDedicatedThread(Socket s)
    {
        var thread = new Thread(() =>
        {
            var buffer = new byte[64 * 1024];
            try
            {
                int n;
                while ((n = s.Receive(buffer)) > 0)
                    s.Send(buffer, n, SocketFlags.None);
                s.Shutdown(SocketShutdown.Send);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
            }
        })
        { IsBackground = true, Name = "echo" };
        thread.Start();
        return Task.CompletedTask;
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket s;
            try { s = await _listener.AcceptAsync(_stop.Token); }
            catch (Exception) { return; }
            s.NoDelay = true;
            lock (_accepted) _accepted.Add(s);
            _ = Task.Run(async () =>
            {
                try { await _handler(s); }
                catch (Exception) { }
            });
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Dispose();
        await _loop;
        lock (_accepted)
            foreach (var s in _accepted) s.Dispose();
        _stop.Dispose();
    }
}

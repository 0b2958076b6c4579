using System.Net;
using System.Net.Sockets;

namespace Prosync.Host.Lab;

/// <summary>
/// PLACEHOLDER until the latency relay lands on main (it replaces this file): a loopback TCP relay that delays
/// every chunk by the profile's one-way delay, with Task.Delay precision.
/// </summary>
public sealed class LatencyRelay : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    private LatencyRelay(string host, int port, LinkProfile profile, int seed)
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        Profile = profile;
        var random = new Random(seed);
        _accepting = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await _listener.AcceptTcpClientAsync(_stop.Token);
                }
                catch (Exception)
                {
                    return;
                }
                _ = Task.Run(() => RelayAsync(client, host, port, random));
            }
        });
    }

    public int Port { get; }

    public LinkProfile Profile { get; }

    public static LatencyRelay Start(string targetHost, int targetPort, LinkProfile profile, int seed = 0)
        => new(targetHost, targetPort, profile, seed);

    private async Task RelayAsync(TcpClient client, string host, int port, Random random)
    {
        using var c = client;
        using var server = new TcpClient();
        try
        {
            await server.ConnectAsync(host, port, _stop.Token);
            client.NoDelay = server.NoDelay = true;
            await Task.WhenAny(PumpAsync(client.GetStream(), server.GetStream(), random),
                PumpAsync(server.GetStream(), client.GetStream(), random));
        }
        catch (Exception)
        {
            // a side closed
        }
    }

    /// <summary>Pipelined like a real link: each chunk is due its delay after it was read, not after the previous one.</summary>
    private async Task PumpAsync(Stream from, Stream to, Random random)
    {
        var queue = System.Threading.Channels.Channel.CreateUnbounded<(long Due, byte[] Bytes)>();
        var writer = Task.Run(async () =>
        {
            await foreach (var (due, bytes) in queue.Reader.ReadAllAsync(_stop.Token))
            {
                var wait = TimeProvider.System.GetElapsedTime(TimeProvider.System.GetTimestamp(), due);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, _stop.Token);
                }
                await to.WriteAsync(bytes, _stop.Token);
            }
        });
        var buffer = new byte[16384];
        try
        {
            while (true)
            {
                var n = await from.ReadAsync(buffer, _stop.Token);
                if (n == 0)
                {
                    return;
                }
                double jitter;
                lock (random)
                {
                    jitter = random.NextDouble() * Profile.JitterMs;
                }
                var due = TimeProvider.System.GetTimestamp()
                    + (long)((Profile.BaseDelayMs + jitter) / 1000 * System.Diagnostics.Stopwatch.Frequency);
                queue.Writer.TryWrite((due, buffer[..n]));
            }
        }
        finally
        {
            queue.Writer.TryComplete();
            await writer.ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        await _accepting;
    }
}

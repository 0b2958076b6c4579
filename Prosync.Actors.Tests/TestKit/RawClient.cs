using System.Net.Sockets;
using System.Text;

namespace Prosync.Actors.Tests.TestKit;

/// <summary>A bare socket client: sends bytes as they are, reads whatever comes back until the peer closes or goes quiet.</summary>
public sealed class RawClient : IAsyncDisposable
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(400);
    private readonly Socket _socket;

    private RawClient(Socket socket) => _socket = socket;

    public static async Task<RawClient> ConnectAsync(string host, int port)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(host, port);
        var client = new RawClient(socket);
        var (greeting, _) = await client.ReadUntilQuietAsync();
        Assert.StartsWith("OK MPD ", greeting);
        return client;
    }

    /// <summary>Sends the input, then reads until the peer closes or goes quiet.</summary>
    public static async Task<(string Reply, bool Closed)> ExchangeAsync(string host, int port, byte[] input)
    {
        await using var client = await ConnectAsync(host, port);
        try { await client._socket.SendAsync(input); }
        catch (SocketException) { return ("", true); }
        return await client.ReadUntilQuietAsync();
    }

    public async Task<string> RoundTripAsync(string line)
    {
        await _socket.SendAsync(Encoding.UTF8.GetBytes(line));
        return (await ReadUntilQuietAsync(stopAtOk: true)).Reply;
    }

    private async Task<(string Reply, bool Closed)> ReadUntilQuietAsync(bool stopAtOk = false)
    {
        var received = new List<byte>();
        var buffer = new byte[65536];
        while (true)
        {
            using var quiet = new CancellationTokenSource(Quiet);
            int n;
            try { n = await _socket.ReceiveAsync(buffer, SocketFlags.None, quiet.Token); }
            catch (OperationCanceledException) { return (Encoding.UTF8.GetString(received.ToArray()), false); }
            catch (SocketException) { return (Encoding.UTF8.GetString(received.ToArray()), true); }
            if (n == 0) return (Encoding.UTF8.GetString(received.ToArray()), true);
            received.AddRange(buffer.AsSpan(0, n).ToArray());
            var text = Encoding.UTF8.GetString(received.ToArray());
            if (text.StartsWith("OK MPD ") && text.EndsWith('\n')) return (text, false);
            if (stopAtOk && (text.EndsWith("OK\n") || text.Contains("ACK ["))) return (text, false);
        }
    }

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }
}

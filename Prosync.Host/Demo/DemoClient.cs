using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Prosync.Host.Demo;

/// <summary>Just enough of an MPD client for the demo to queue its music through Prosync, as mpc would.</summary>
internal sealed class DemoClient : IAsyncDisposable
{
    private readonly TcpClient _client;
    private readonly StreamReader _reader;
    private readonly StreamWriter _writer;

    private DemoClient(TcpClient client)
    {
        _client = client;
        _reader = new StreamReader(client.GetStream(), Encoding.UTF8);
        _writer = new StreamWriter(client.GetStream(), new UTF8Encoding(false)) { AutoFlush = true, NewLine = "\n" };
    }

    public static async Task<DemoClient> ConnectAsync(IPEndPoint endpoint, CancellationToken ct)
    {
        var client = new TcpClient { NoDelay = true };
        try
        {
            var address = endpoint.Address.Equals(IPAddress.Any) ? IPAddress.Loopback
                : endpoint.Address.Equals(IPAddress.IPv6Any) ? IPAddress.IPv6Loopback : endpoint.Address;
            await client.ConnectAsync(address, endpoint.Port, ct);
        }
        catch
        {
            client.Dispose();
            throw;
        }
        var connected = new DemoClient(client);
        var greeting = await connected._reader.ReadLineAsync(ct);
        if (greeting?.StartsWith("OK MPD", StringComparison.Ordinal) != true)
        {
            await connected.DisposeAsync();
            throw new IOException($"unexpected greeting '{greeting}'");
        }
        return connected;
    }

    /// <summary>Sends one command line and reads its response; an ACK throws.</summary>
    public async Task SendAsync(string command, CancellationToken ct)
    {
        await _writer.WriteLineAsync(command.AsMemory(), ct);
        while (await _reader.ReadLineAsync(ct) is { } line)
        {
            if (line == "OK")
            {
                return;
            }
            if (line.StartsWith("ACK", StringComparison.Ordinal))
            {
                throw new IOException($"{command}: {line}");
            }
        }
        throw new IOException($"{command}: the connection closed");
    }

    public static string Quote(string argument) => "\"" + argument.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }
}

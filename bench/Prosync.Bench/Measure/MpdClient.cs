using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace Prosync.Bench.Measure;

/// <summary>
/// A blocking MPD client for measuring: one connection, one command at a time, timestamps taken on the
/// calling thread right around the socket calls (no thread-pool hop inside the measured interval).
/// </summary>
public sealed class MpdClient : ICommandChannel
{
    private readonly Socket _socket;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;

    private MpdClient(Socket socket) => _socket = socket;

    public string Greeting { get; private set; } = "";

    public static MpdClient Connect(string host, int port, TimeSpan? timeout = null)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var ms = (int)(timeout ?? TimeSpan.FromSeconds(10)).TotalMilliseconds;
        socket.ReceiveTimeout = ms;
        socket.SendTimeout = ms;
        try
        {
            socket.Connect(host, port);
            var client = new MpdClient(socket);
            client.Greeting = client.ReadLine();
            if (!client.Greeting.StartsWith("OK MPD ", StringComparison.Ordinal))
            {
                throw new IOException($"not an MPD greeting: {client.Greeting}");
            }

            return client;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Sends one command line and reads its whole response.</summary>
    public MpdReply Send(string line) => ReadReply(Write(line));

    /// <summary>Writes one command line without reading; returns the Stopwatch timestamp taken just before the write.</summary>
    public long Write(string line)
    {
        var bytes = Encoding.UTF8.GetBytes(line + "\n");
        var sentAt = Stopwatch.GetTimestamp();
        _socket.Send(bytes);
        return sentAt;
    }

    /// <summary>Reads the response to a command written at <paramref name="sentAt"/>.</summary>
    public MpdReply ReadReply(long sentAt)
    {
        var lines = new List<string>();
        while (true)
        {
            var text = ReadLine();
            if (text == "OK")
            {
                return new MpdReply(lines, null, sentAt, Stopwatch.GetTimestamp());
            }

            if (text.StartsWith("ACK ", StringComparison.Ordinal))
            {
                return new MpdReply(lines, text, sentAt, Stopwatch.GetTimestamp());
            }

            lines.Add(text);
        }
    }

    private string ReadLine()
    {
        while (true)
        {
            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (newline >= 0)
            {
                var text = Encoding.UTF8.GetString(_buffer, _start, newline - _start);
                _start = newline + 1;
                return text;
            }

            if (_start > 0)
            {
                Array.Copy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }

            if (_end == _buffer.Length)
            {
                throw new IOException("line longer than the buffer");
            }

            var n = _socket.Receive(_buffer, _end, _buffer.Length - _end, SocketFlags.None);
            if (n == 0)
            {
                throw new IOException("connection closed");
            }

            _end += n;
        }
    }

    public void Dispose() => _socket.Dispose();
}

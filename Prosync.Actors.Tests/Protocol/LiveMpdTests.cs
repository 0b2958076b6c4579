using System.Buffers;
using System.Net.Sockets;
using System.Text;
using Prosync.Actors.Protocol;

namespace Prosync.Actors.Tests.Protocol;

/// <summary>
/// Checks this layer against a real mpd: every confirmed
/// reaction, the greeting, and binary responses read incrementally from a real socket.
/// </summary>
public class LiveMpdTests(LiveMpd mpd) : IClassFixture<LiveMpd>
{
    [Fact]
    public void Real_mpd_reacts_to_every_line_as_recorded()
    {
        mpd.EnsureRunning();

        foreach (MpdReactions.Reaction r in MpdReactions.Confirmed)
        {
            using Socket socket = mpd.Connect(out _);
            byte[] input = Bytes.Raw(r.Input);
            string sentinel = r.Closed ? "" : "OK\n";     // a ping after the line proves the connection stayed open
            try
            {
                socket.Send(r.Closed ? input : [.. input, .. "ping\n"u8]);
            }
            catch (SocketException)
            {
                // mpd may reset the connection while the over-long line is still being sent
            }
            (string reply, bool closed) = Receive(socket, r.Closed ? int.MaxValue : r.Reply.Length + sentinel.Length);
            Assert.Equal((r.Input[..Math.Min(40, r.Input.Length)], r.Reply + sentinel, r.Closed),
                         (r.Input[..Math.Min(40, r.Input.Length)], reply, closed));
        }
    }

    [Fact]
    public void Real_mpd_greets_with_a_parsable_version()
    {
        mpd.EnsureRunning();
        using Socket socket = mpd.Connect(out string greeting);
        Assert.True(Greeting.TryParse(greeting, out MpdVersion version), greeting);
        Assert.True(version >= new MpdVersion(0, 23, 0));
        Assert.Equal(greeting, Greeting.Format(version));
    }

    [Fact]
    public void Reads_albumart_chunks_and_command_lists_from_a_real_socket()
    {
        mpd.EnsureRunning();
        using Socket socket = mpd.Connect(out _);
        var stream = new Incremental(socket);

        // Loop over offsets like a client; 8192-byte chunks by default.
        var picture = new List<byte>();
        while (true)
        {
            socket.Send(Encoding.ASCII.GetBytes($"albumart \"any.flac\" {picture.Count}\n"));
            MpdResponse response = stream.Next();
            Assert.True(response.IsOk, response.Error?.ToString());
            Assert.Equal(LiveMpd.Cover.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), response.Get("size"));
            picture.AddRange(response.Binary!.Value.ToArray());
            if (picture.Count >= LiveMpd.Cover.Length)
                break;
        }
        Assert.Equal(LiveMpd.Cover, picture.ToArray());

        socket.Send("binarylimit 64\ncommand_list_ok_begin\nalbumart any.flac 0\nping\nalbumart any.flac 64\ncommand_list_end\n"u8);
        Assert.True(stream.Next().IsOk);
        MpdResponse list = stream.Next();
        Assert.Equal(["size: 20000", "list_OK", "list_OK", "size: 20000", "list_OK"],
            list.Lines.Select(l => l.StartsWith("size: ", StringComparison.Ordinal) ? "size: 20000" : l));
        Assert.Equal([1, 4], list.BinaryChunks.Select(c => c.LineIndex));
        Assert.Equal(LiveMpd.Cover.AsSpan(0, 128).ToArray(), list.BinaryChunks.SelectMany(c => c.Data.ToArray()).ToArray());

        socket.Send(Encoding.ASCII.GetBytes($"albumart any.flac {LiveMpd.Cover.Length}\nalbumart nodir/x.flac 0\n"));
        MpdResponse atEnd = stream.Next();
        Assert.Equal(0, atEnd.Binary!.Value.Length);
        Assert.Equal("ACK [50@0] {albumart} No file exists", stream.Next().Error!.ToString());
    }

    /// <summary>Reads until the peer closes, <paramref name="enough"/> bytes have come, or 3 s pass.</summary>
    private static (string Reply, bool Closed) Receive(Socket socket, int enough)
    {
        var received = new List<byte>();
        var buffer = new byte[65536];
        socket.ReceiveTimeout = 3000;
        try
        {
            while (true)
            {
                if (received.Count >= enough)
                    return (Encoding.Latin1.GetString([.. received]), false);
                int n = socket.Receive(buffer);
                if (n == 0)
                    return (Encoding.Latin1.GetString([.. received]), true);
                received.AddRange(buffer.AsSpan(0, n));
            }
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            return (Encoding.Latin1.GetString([.. received]), true);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.TimedOut)
        {
            return (Encoding.Latin1.GetString([.. received]), false);
        }
    }

    /// <summary>Parses responses as bytes arrive, keeping unconsumed bytes, like a pipe reader loop.</summary>
    private sealed class Incremental(Socket socket)
    {
        private byte[] _buffered = [];
        private readonly byte[] _chunk = new byte[4096];

        public MpdResponse Next()
        {
            while (true)
            {
                var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(_buffered));
                if (ResponseReader.TryRead(ref reader, out MpdResponse? response))
                {
                    _buffered = _buffered[(int)reader.Consumed..];
                    return response;
                }
                int n = socket.Receive(_chunk);
                Assert.True(n > 0, "connection closed");
                _buffered = [.. _buffered, .. _chunk.AsSpan(0, n)];
            }
        }
    }
}

using System.Buffers;
using Prosync.Actors.Protocol;

namespace Prosync.Actors.Tests.Protocol;

public class RequestLineReaderTests
{
    private static bool Read(ReadOnlySequence<byte> data, out string line, out LineStatus status, out long consumed)
    {
        var reader = new SequenceReader<byte>(data);
        bool ok = RequestLineReader.TryReadLine(ref reader, out line, out status);
        consumed = reader.Consumed;
        return ok;
    }

    public static TheoryData<string, string> Frames => new()
    {
        { "status\n", "status" },
        { "ping \r\n", "ping" },                          // trailing whitespace and \r are stripped (MPD: OK)
        { "ping\t \u0001\n", "ping" },                    // every byte <= 0x20 counts as trailing whitespace
        { "find \"artist\" \"Foo \\\"Bar\\\"\"\r\n", "find \"artist\" \"Foo \\\"Bar\\\"\"" },
        { "\n", "" },                                     // empty line: the caller closes (MPD closes silently)
        { "  ping\n", "  ping" },                         // leading whitespace is kept (MPD then closes: not a-z)
        { "ping\u0000junk\n", "ping" },                   // MPD reads the line as a C string (MPD: OK)
        { "ping \u0000x\n", "ping " },                    // strip first, then cut at NUL, as MPD does
        { "lsinfo \u00ff\n", "lsinfo \uFFFD" },           // invalid UTF-8 is not rejected (MPD: No such directory)
        { "lsinfo \"Bj\u00c3\u00b6rk\"\n", "lsinfo \"Björk\"" },
    };

    [Theory]
    [MemberData(nameof(Frames))]
    public void Reads_a_line_as_MPD_frames_it(string raw, string expected)
    {
        byte[] frame = Bytes.Raw(raw);
        Assert.True(Read(new ReadOnlySequence<byte>(frame), out string line, out LineStatus status, out long consumed));
        Assert.Equal(LineStatus.Line, status);
        Assert.Equal(expected, line);
        Assert.Equal(frame.Length, consumed);
    }

    [Theory]
    [MemberData(nameof(Frames))]
    public void Every_prefix_is_incomplete_and_every_split_reads_the_same(string raw, string expected)
    {
        byte[] frame = Bytes.Raw(raw);
        for (int length = 0; length < frame.Length; length++)
        {
            Assert.False(Read(new ReadOnlySequence<byte>(frame, 0, length), out _, out _, out long consumed));
            Assert.Equal(0, consumed);
        }
        foreach (ReadOnlySequence<byte> split in Segments.AllTwoWaySplits(frame))
        {
            Assert.True(Read(split, out string line, out LineStatus status, out long consumed));
            Assert.Equal((expected, LineStatus.Line, (long)frame.Length), (line, status, consumed));
        }
        Assert.True(Read(Segments.ByteByByte(frame), out string l, out _, out _));
        Assert.Equal(expected, l);
    }

    [Fact]
    public void Reads_several_lines_one_at_a_time()
    {
        var reader = new SequenceReader<byte>(Segments.Split("command_list_ok_begin\nstatus\ncurrentsong\ncommand_list_end\nstat"u8, 7, 30));
        List<string> lines = [];
        while (RequestLineReader.TryReadLine(ref reader, out string line, out _))
            lines.Add(line);
        Assert.Equal(["command_list_ok_begin", "status", "currentsong", "command_list_end"], lines);
        Assert.Equal(4, reader.Remaining);
    }

    // mpd 0.23.12: a line of 8191 bytes + "\n" is answered; 8192 bytes without "\n" makes it reset the connection.
    [Theory]
    [InlineData(8191, true)]
    [InlineData(8190, true)]
    [InlineData(8192, false)]
    [InlineData(10000, false)]
    public void A_line_fits_if_it_and_its_newline_fit_in_8192_bytes(int lineBytes, bool fits)
    {
        byte[] frame = [.. "foo "u8, .. Enumerable.Repeat((byte)'x', lineBytes - 4), (byte)'\n'];
        foreach (ReadOnlySequence<byte> data in new[] { new ReadOnlySequence<byte>(frame), Segments.Split(frame, 4000, 8191) })
        {
            Assert.True(Read(data, out string line, out LineStatus status, out long consumed));
            if (fits)
            {
                Assert.Equal(LineStatus.Line, status);
                Assert.Equal(lineBytes, line.Length);
                Assert.Equal(frame.Length, consumed);
            }
            else
            {
                Assert.Equal(LineStatus.TooLong, status);
                Assert.Equal("", line);
                Assert.Equal(0, consumed);
            }
        }
    }

    [Fact]
    public void Fewer_than_8192_bytes_without_a_newline_are_just_incomplete()
    {
        byte[] data = [.. Enumerable.Repeat((byte)'x', RequestLineReader.MaxLineBytes - 1)];
        Assert.False(Read(new ReadOnlySequence<byte>(data), out _, out _, out long consumed));
        Assert.Equal(0, consumed);
        Assert.True(Read(new ReadOnlySequence<byte>([.. data, (byte)'y']), out _, out LineStatus status, out _));
        Assert.Equal(LineStatus.TooLong, status);
    }

    [Fact]
    public void The_limit_applies_per_line_not_per_buffer()
    {
        // mpd 0.23.12 answers both: "ping" and then an 8192-byte line (with its newline), 8197 bytes in all.
        byte[] data = [.. "ping\nfoo "u8, .. Enumerable.Repeat((byte)'x', 8187), (byte)'\n'];
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(data));
        Assert.True(RequestLineReader.TryReadLine(ref reader, out string first, out _));
        Assert.Equal("ping", first);
        Assert.True(RequestLineReader.TryReadLine(ref reader, out string second, out LineStatus status));
        Assert.Equal(LineStatus.Line, status);
        Assert.Equal(8191, second.Length);
        Assert.True(reader.End);
    }
}

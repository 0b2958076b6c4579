using System.Buffers;
using Prosync.Actors.Protocol;
using static Prosync.Actors.Tests.Protocol.ResponseSamples;

namespace Prosync.Actors.Tests.Protocol;

public class ResponseReaderTests
{
    private static bool Read(ReadOnlySequence<byte> data, out MpdResponse? response, out long consumed)
    {
        var reader = new SequenceReader<byte>(data);
        bool ok = ResponseReader.TryRead(ref reader, out response);
        consumed = reader.Consumed;
        return ok;
    }

    [Theory]
    [MemberData(nameof(Names), MemberType = typeof(ResponseSamples))]
    public void Whole_frame_parses_to_the_expected_response_and_is_consumed_exactly(string name)
    {
        Sample sample = Named(name);
        Assert.True(Read(new ReadOnlySequence<byte>(sample.Frame), out MpdResponse? response, out long consumed));
        Assert.Equal(sample.Frame.Length, consumed);
        AssertSame(sample.Expected, response!);
    }

    [Theory]
    [MemberData(nameof(Names), MemberType = typeof(ResponseSamples))]
    public void Every_prefix_is_incomplete_and_consumes_nothing(string name)
    {
        Sample sample = Named(name);
        for (int length = 0; length < sample.Frame.Length; length++)
        {
            bool ok = Read(new ReadOnlySequence<byte>(sample.Frame, 0, length), out _, out long consumed);
            Assert.False(ok, $"prefix of {length} bytes parsed");
            Assert.Equal(0, consumed);
        }
    }

    [Theory]
    [MemberData(nameof(Names), MemberType = typeof(ResponseSamples))]
    public void Every_prefix_split_in_two_segments_is_incomplete(string name)
    {
        Sample sample = Named(name);
        for (int length = 0; length < sample.Frame.Length; length++)
            for (int cut = 0; cut <= length; cut++)
                Assert.False(Read(Segments.Split(sample.Frame.AsSpan(0, length), cut), out _, out long consumed));
    }

    [Theory]
    [MemberData(nameof(Names), MemberType = typeof(ResponseSamples))]
    public void Every_two_segment_split_parses_identically(string name)
    {
        Sample sample = Named(name);
        foreach (ReadOnlySequence<byte> split in Segments.AllTwoWaySplits(sample.Frame))
        {
            Assert.True(Read(split, out MpdResponse? response, out long consumed));
            Assert.Equal(sample.Frame.Length, consumed);
            AssertSame(sample.Expected, response!);
        }
    }

    [Theory]
    [MemberData(nameof(Names), MemberType = typeof(ResponseSamples))]
    public void One_byte_per_segment_parses_identically(string name)
    {
        Sample sample = Named(name);
        Assert.True(Read(Segments.ByteByByte(sample.Frame), out MpdResponse? response, out long consumed));
        Assert.Equal(sample.Frame.Length, consumed);
        AssertSame(sample.Expected, response!);
    }

    [Fact]
    public void Back_to_back_responses_are_read_one_at_a_time_in_order()
    {
        Sample[] samples = [.. All];
        byte[] stream = [.. samples.SelectMany(s => s.Frame)];
        var reader = new SequenceReader<byte>(Segments.Split(stream, stream.Length / 3, stream.Length / 2));
        foreach (Sample sample in samples)
        {
            Assert.True(ResponseReader.TryRead(ref reader, out MpdResponse? response));
            AssertSame(sample.Expected, response);
        }
        Assert.True(reader.End);
        Assert.False(ResponseReader.TryRead(ref reader, out _));
    }

    [Fact]
    public void Binary_payload_that_looks_like_the_end_of_a_response_is_counted_not_scanned()
    {
        // Cut right after the fake "\nOK\n" inside the picture: a line scanner would stop there.
        byte[] frame = Binary.Frame;
        int fakeEnd = IndexOf(frame, Bytes.Raw("JPEG\nOK\n")) + 8;
        Assert.False(Read(new ReadOnlySequence<byte>(frame, 0, fakeEnd), out _, out _));
        Assert.True(Read(new ReadOnlySequence<byte>(frame), out MpdResponse? response, out _));
        Assert.True(response!.IsOk);
        Assert.Equal(Picture, response.Binary!.Value.ToArray());
        Assert.Equal("35", response.Get("size"));
    }

    [Fact]
    public void Picture_bytes_are_copied_out_of_the_pipe_buffer()
    {
        byte[] frame = [.. Binary.Frame];
        Assert.True(Read(new ReadOnlySequence<byte>(frame), out MpdResponse? response, out _));
        Array.Clear(frame);
        Assert.Equal(Picture, response!.Binary!.Value.ToArray());
    }

    [Fact]
    public void Non_utf8_bytes_in_a_line_become_replacement_characters()
    {
        Assert.True(Read(new ReadOnlySequence<byte>(Bytes.Raw("file: a\u00ffb\nOK\n")), out MpdResponse? response, out _));
        Assert.Equal("a\uFFFDb", response!.Get("file"));
    }

    [Theory]
    [InlineData("binary: x\n", "malformed binary length")]
    [InlineData("binary: -1\n", "malformed binary length")]
    [InlineData("binary: \n", "malformed binary length")]
    [InlineData("binary: 99999999999\n", "malformed binary length")]
    [InlineData("binary: 3\nabcX", "not followed by a newline")]
    [InlineData("ACK [x@0] {} y\n", "malformed error line")]
    [InlineData("ACK nonsense\n", "malformed error line")]
    [InlineData("OK MPD 0.23.5\n", "greeting")]
    public void Bytes_that_cannot_be_MPD_output_throw(string frame, string reason)
    {
        var ex = Assert.Throws<MpdProtocolException>(() => Read(new ReadOnlySequence<byte>(Bytes.Raw(frame)), out _, out _));
        Assert.Contains(reason, ex.Message);
    }

    [Fact]
    public void Binary_length_is_checked_only_once_its_payload_has_arrived()
    {
        // "binary: 3\nab" is merely incomplete; the terminator is checked when it is there.
        Assert.False(Read(new ReadOnlySequence<byte>(Bytes.Raw("binary: 3\nabc")), out _, out _));
        Assert.True(Read(new ReadOnlySequence<byte>(Bytes.Raw("binary: 3\nabc\nOK\n")), out MpdResponse? r, out _));
        Assert.Equal("abc"u8.ToArray(), r!.Binary!.Value.ToArray());
    }

    [Fact]
    public void Lines_are_kept_verbatim_including_colonless_and_list_OK_lines()
    {
        // A file name may contain a newline; MPD prints it raw. The reader keeps such a line rather than failing.
        Assert.True(Read(new ReadOnlySequence<byte>(Bytes.Utf8("file: a\nb\nlist_OK\nOKAY: 1\nOK\n")), out MpdResponse? r, out _));
        Assert.Equal(["file: a", "b", "list_OK", "OKAY: 1"], r!.Lines);
        Assert.Equal([new("file", "a"), new("OKAY", "1")], r.Pairs.ToArray());
    }

    /// <summary>Feeds <paramref name="frame"/> in pieces as a pipe would, keeping the resume offset between reads.</summary>
    private static (MpdResponse Response, int Attempts) FeedResumably(byte[] frame, IEnumerable<int> pieceSizes)
    {
        long scanned = 0;
        int available = 0, attempts = 0;
        using IEnumerator<int> sizes = pieceSizes.GetEnumerator();
        while (true)
        {
            attempts++;
            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(frame, 0, available));
            if (ResponseReader.TryRead(ref reader, ref scanned, out MpdResponse? response))
            {
                Assert.Equal(frame.Length, reader.Consumed);
                Assert.Equal(0, scanned);
                return (response, attempts);
            }
            Assert.Equal(0, reader.Consumed);
            Assert.InRange(scanned, 0, available);
            Assert.True(available < frame.Length, "complete frame not recognised");
            available = Math.Min(frame.Length, available + (sizes.MoveNext() ? sizes.Current : 1));
        }
    }

    [Theory]
    [MemberData(nameof(Names), MemberType = typeof(ResponseSamples))]
    public void Resumable_read_byte_by_byte_gives_the_same_response(string name)
    {
        Sample sample = Named(name);
        (MpdResponse response, int attempts) = FeedResumably(sample.Frame, Enumerable.Repeat(1, sample.Frame.Length));
        Assert.Equal(sample.Frame.Length + 1, attempts);
        AssertSame(sample.Expected, response);
    }

    [Fact]
    public void Resumable_read_of_a_large_listing_in_small_reads()
    {
        // ~4 MB of listallinfo-like output arriving in 4 KiB reads: without resuming, each read would rescan everything.
        var lines = new List<string>();
        for (int i = 0; i < 60_000; i++)
            lines.AddRange([$"file: Artist {i % 97}/Album {i % 13}/{i:D6} Track.flac", $"Title: Track {i}", "Time: 215", $"Id: {i}"]);
        var writer = new ArrayBufferWriter<byte>();
        ResponseWriter.Write(writer, new MpdResponse(lines));
        byte[] frame = writer.WrittenSpan.ToArray();

        var clock = System.Diagnostics.Stopwatch.StartNew();
        (MpdResponse response, int attempts) = FeedResumably(frame, Enumerable.Repeat(4096, int.MaxValue));
        clock.Stop();
        Assert.Equal(lines, response.Lines);
        Assert.True(attempts > 900);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
    }

    [Fact]
    public void Resumable_read_with_a_binary_split_anywhere()
    {
        byte[] frame = TwoBinaries.Frame;
        for (int piece = 1; piece < 40; piece++)
        {
            (MpdResponse response, _) = FeedResumably(frame, Enumerable.Repeat(piece, int.MaxValue));
            AssertSame(TwoBinaries.Expected, response);
        }
    }

    [Fact]
    public void Resume_offset_outside_the_buffer_is_refused()
    {
        long scanned = 5;
        Assert.Throws<ArgumentOutOfRangeException>(() =>
        {
            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>("OK"u8.ToArray()));
            ResponseReader.TryRead(ref reader, ref scanned, out _);
        });
    }

    private static int IndexOf(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle);
}

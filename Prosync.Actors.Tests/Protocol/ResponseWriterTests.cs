using System.Buffers;
using FsCheck;
using FsCheck.Fluent;
using Prosync.Actors.Protocol;
using static Prosync.Actors.Tests.Protocol.ResponseSamples;

namespace Prosync.Actors.Tests.Protocol;

public class ResponseWriterTests
{
    private static byte[] Written(Action<IBufferWriter<byte>> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        write(buffer);
        return buffer.WrittenSpan.ToArray();
    }

    [Theory]
    [MemberData(nameof(Names), MemberType = typeof(ResponseSamples))]
    public void Writing_a_parsed_sample_reproduces_MPDs_bytes(string name)
    {
        Sample sample = Named(name);
        Assert.Equal(sample.Frame, Written(w => ResponseWriter.Write(w, sample.Expected)));
    }

    [Fact]
    public void Body_leaves_out_the_final_OK_or_ACK()
    {
        Assert.Equal(Bytes.Raw("size: 35\nbinary: 0\n\n"), Written(w => ResponseWriter.WriteBody(w, ZeroBinary.Expected)));
        Assert.Equal(Bytes.Raw("list_OK\n"), Written(w => ResponseWriter.WriteBody(w, ListAck.Expected)));
        Assert.Empty(Written(w => ResponseWriter.WriteBody(w, MpdResponse.Ok)));
    }

    [Fact]
    public void Small_pieces()
    {
        Assert.Equal("OK\n"u8.ToArray(), Written(ResponseWriter.WriteOk));
        Assert.Equal("list_OK\n"u8.ToArray(), Written(ResponseWriter.WriteListOk));
        Assert.Equal("Title: 🎵\n"u8.ToArray(), Written(w => ResponseWriter.WriteLine(w, "Title: 🎵")));
        Assert.Equal("ACK [5@0] {} unknown command \"x\"\n"u8.ToArray(),
            Written(w => ResponseWriter.WriteError(w, MpdError.UnknownCommand("x"))));
        Assert.Equal("binary: 2\n\nO\n"u8.ToArray(), Written(w => ResponseWriter.WriteBinary(w, "\nO"u8)));
    }

    [Fact]
    public void Binary_given_to_the_constructor_goes_after_every_line()
    {
        var response = new MpdResponse(["size: 3", "type: image/png"], new byte[] { 1, 2, 3 });
        Assert.Equal(Bytes.Raw("size: 3\ntype: image/png\nbinary: 3\n\u0001\u0002\u0003\nOK\n"), Written(w => ResponseWriter.Write(w, response)));
    }

    [Fact]
    public void A_large_payload_is_written_through_small_buffers()
    {
        byte[] payload = [.. Enumerable.Range(0, 100_000).Select(i => (byte)i)];
        var writer = new ArrayBufferWriter<byte>(16);
        ResponseWriter.Write(writer, new MpdResponse([], payload));
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(writer.WrittenMemory));
        Assert.True(ResponseReader.TryRead(ref reader, out MpdResponse? back));
        Assert.Equal(payload, back.Binary!.Value.ToArray());
    }

    // ---- property: Write → TryRead round-trips

    /// <summary>
    /// Lines the reader cannot tell from framing: they never occur as MPD data lines (MPD's own "OK", "ACK …" and
    /// "binary: N" lines, and the greeting), so the property leaves them out. Lines cannot contain \n, and must be
    /// valid UTF-16 to survive UTF-8 encoding.
    /// </summary>
    private static bool IsDataLine(string line) =>
        !line.Contains('\n') && line != "OK" && !line.StartsWith("ACK ", StringComparison.Ordinal)
        && !line.StartsWith("binary: ", StringComparison.Ordinal) && !line.StartsWith("OK MPD ", StringComparison.Ordinal)
        && Generators.IsValidUtf16(line);

    private static Gen<string> LineGen =>
        Gen.OneOf(
            Generators.AnyString,
            Gen.Elements("OK", "OKAY", "ACK", "ACKx", "binary", "binary:3", "list_OK", "", "changed: player", "a: b: c"),
            Generators.AnyString.Select(s => "key: " + s))
        .Select(s => s.Replace("\n", "", StringComparison.Ordinal))
        .Where(IsDataLine);

    private static Gen<MpdError?> ErrorGen =>
        Gen.OneOf(
            Gen.Constant<MpdError?>(null),
            from code in Gen.Elements(Enum.GetValues<AckCode>())
            from index in Gen.Choose(0, 5000)
            from command in Generators.CommandName.Select(c => c).Or(Gen.Constant(""))
            from message in Generators.AnyString
            where Generators.IsValidUtf16(message)
            select (MpdError?)new MpdError(code, index, command, message.Replace("\n", "", StringComparison.Ordinal)));

    private static Gen<MpdResponse> ResponseGen =>
        from lines in Gen.ListOf(LineGen)
        from chunkCount in Gen.Frequency((3, Gen.Constant(0)), (2, Gen.Constant(1)), (1, Gen.Choose(2, 4)))
        from payloads in Gen.ListOf(Generators.Payload, chunkCount)
        from positions in Gen.ListOf(Gen.Choose(0, lines.Count), chunkCount)
        from error in ErrorGen
        select MpdResponse.WithBinaryChunks(
            lines,
            [.. positions.Order().Zip(payloads, (p, b) => new BinaryChunk(p, b))],
            error);

    [Fact]
    public void Any_response_round_trips_through_Write_and_TryRead_in_any_segmentation()
    {
        Gen<(MpdResponse Response, int Seed)> gen =
            from response in ResponseGen
            from seed in Gen.Choose(0, int.MaxValue)
            select (response, seed);

        Prop.ForAll(gen.ToArbitrary(), input =>
        {
            byte[] bytes = Written(w => ResponseWriter.Write(w, input.Response));
            var random = new Random(input.Seed);
            int[] cuts = [.. Enumerable.Range(0, random.Next(0, 6)).Select(_ => random.Next(0, bytes.Length + 1)).Order()];
            var reader = new SequenceReader<byte>(Segments.Split(bytes, cuts));
            Assert.True(ResponseReader.TryRead(ref reader, out MpdResponse? back));
            Assert.True(reader.End);
            AssertSame(input.Response, back);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(500));
    }
}

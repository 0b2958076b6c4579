using Prosync.Actors.Protocol;

namespace Prosync.Actors.Tests.Protocol;

public class MpdResponseTests
{
    [Fact]
    public void Get_returns_the_first_value_of_a_key_case_sensitively()
    {
        var r = new MpdResponse(["file: a.flac", "Time: 5", "time: 1:5", "file: b.flac", "Title: x: y", "list_OK", "empty: "]);
        Assert.Equal("a.flac", r.Get("file"));
        Assert.Equal("5", r.Get("Time"));
        Assert.Equal("1:5", r.Get("time"));
        Assert.Equal("x: y", r.Get("Title"));
        Assert.Equal("", r.Get("empty"));
        Assert.Null(r.Get("FILE"));
        Assert.Null(r.Get("list_OK"));
        Assert.Equal(["a.flac", "b.flac"], r.GetAll("file"));
        Assert.Equal(6, r.Pairs.Count());
    }

    [Fact]
    public void Ok_and_Fail()
    {
        Assert.True(MpdResponse.Ok.IsOk);
        Assert.Empty(MpdResponse.Ok.Lines);
        Assert.Null(MpdResponse.Ok.Binary);
        Assert.Empty(MpdResponse.Ok.BinaryChunks);

        MpdResponse fail = MpdResponse.Fail(MpdError.UnknownCommand("x"));
        Assert.False(fail.IsOk);
        Assert.Equal(MpdError.UnknownCommand("x"), fail.Error);
        Assert.Empty(fail.Lines);
    }

    [Fact]
    public void Binary_from_the_constructor_is_the_single_chunk_after_the_lines()
    {
        var r = new MpdResponse(["size: 2"], new byte[] { 1, 2 });
        BinaryChunk chunk = Assert.Single(r.BinaryChunks);
        Assert.Equal(1, chunk.LineIndex);
        Assert.Equal(new byte[] { 1, 2 }, r.Binary!.Value.ToArray());

        var empty = new MpdResponse(["size: 2"], ReadOnlyMemory<byte>.Empty);
        Assert.NotNull(empty.Binary);   // "binary: 0" is a payload, not its absence
        Assert.Equal(0, empty.Binary!.Value.Length);
    }

    [Fact]
    public void Chunks_must_lie_within_the_lines_in_order()
    {
        Assert.Throws<ArgumentException>(() => MpdResponse.WithBinaryChunks(["a: 1"], [new BinaryChunk(2, new byte[1])]));
        Assert.Throws<ArgumentException>(() => MpdResponse.WithBinaryChunks(["a: 1", "b: 2"], [new BinaryChunk(2, new byte[1]), new BinaryChunk(1, new byte[1])]));
        Assert.Equal(2, MpdResponse.WithBinaryChunks(["a: 1"], [new BinaryChunk(0, new byte[1]), new BinaryChunk(0, new byte[1])]).BinaryChunks.Count);
    }
}

using System.Buffers;
using System.Text;
using Prosync.Actors.Protocol;

namespace Prosync.Actors.Tests.Protocol;

/// <summary>
/// The read loop calls the resumable reader again and again as bytes trickle in, keeping its scan
/// position; it must parse exactly what the one-shot reader parses, however the bytes are cut.
/// </summary>
public class ResumableReadTests
{
    private static byte[] BinaryResponse(int size, int seed)
    {
        var payload = new byte[size];
        new Random(seed).NextBytes(payload);
        "\nOK\nACK [5@0] {} x\nbinary: 3\n"u8.ToArray().CopyTo(payload, size / 2);
        return [.. Encoding.ASCII.GetBytes($"size: 29293\ntype: image/png\nbinary: {size}\n"), .. payload, .. "\nOK\n"u8];
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(100)]
    [InlineData(4096)]
    [InlineData(16384)]
    public void A_stream_of_binary_responses_parses_the_same_in_any_increments(int step)
    {
        var stream = BinaryResponse(29293, 1).Concat(Encoding.ASCII.GetBytes("volume: 5\nOK\n")).Concat(BinaryResponse(8192, 2)).ToArray();
        var parsed = new List<MpdResponse>();
        long scanned = 0;
        var start = 0;
        for (var end = Math.Min(step, stream.Length); ; end = Math.Min(end + step, stream.Length))
        {
            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(stream, start, end - start));
            while (ResponseReader.TryRead(ref reader, ref scanned, out var response)) parsed.Add(response);
            start += (int)reader.Consumed;
            if (end == stream.Length) break;
        }
        Assert.Equal(3, parsed.Count);
        Assert.Equal(29293, parsed[0].Binary!.Value.Length);
        Assert.Equal("5", parsed[1].Get("volume"));
        Assert.Equal(8192, parsed[2].Binary!.Value.Length);
        Assert.Equal(stream.Length, start);
    }
}

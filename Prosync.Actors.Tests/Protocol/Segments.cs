using System.Buffers;

namespace Prosync.Actors.Tests.Protocol;

/// <summary>Builds multi-segment <see cref="ReadOnlySequence{T}"/>s, the way a pipe hands over data that arrived in pieces.</summary>
internal static class Segments
{
    /// <summary><paramref name="data"/> cut at the given offsets (ascending, 0..Length; empty segments allowed).</summary>
    public static ReadOnlySequence<byte> Split(ReadOnlySpan<byte> data, params int[] cuts)
    {
        var pieces = new List<byte[]>();
        int start = 0;
        foreach (int cut in cuts)
        {
            pieces.Add(data[start..cut].ToArray());
            start = cut;
        }
        pieces.Add(data[start..].ToArray());
        return FromPieces(pieces);
    }

    /// <summary>One segment per byte: the worst case for any parser.</summary>
    public static ReadOnlySequence<byte> ByteByByte(ReadOnlySpan<byte> data) =>
        FromPieces([.. data.ToArray().Select(b => new[] { b })]);

    /// <summary>Every way to cut <paramref name="data"/> into two segments (either may be empty).</summary>
    public static IEnumerable<ReadOnlySequence<byte>> AllTwoWaySplits(byte[] data)
    {
        for (int cut = 0; cut <= data.Length; cut++)
            yield return Split(data, cut);
    }

    public static ReadOnlySequence<byte> FromPieces(IReadOnlyList<byte[]> pieces)
    {
        if (pieces.Count == 0)
            return ReadOnlySequence<byte>.Empty;
        var first = new Segment(pieces[0], 0);
        Segment last = first;
        for (int i = 1; i < pieces.Count; i++)
            last = last.Append(pieces[i]);
        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(byte[] data, long runningIndex)
        {
            Memory = data;
            RunningIndex = runningIndex;
        }

        public Segment Append(byte[] data)
        {
            var next = new Segment(data, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}

using System.Buffers;
using System.Text;

namespace Prosync.Actors.Protocol;

/// <summary>
/// Frames client input into lines exactly as MPD's client reader does: a line ends at <c>\n</c>, trailing bytes
/// ≤ 0x20 (spaces, tabs, <c>\r</c>, other control bytes) are stripped, and the line ends at the first NUL byte because MPD
/// treats it as a C string. Invalid UTF-8 is decoded to U+FFFD: MPD does not validate it, and a client that sends it
/// gets a "no such …" answer either way.
/// </summary>
public static class RequestLineReader
{
    /// <summary>MPD's client input buffer: a line plus its <c>\n</c> must fit in this many bytes.</summary>
    public const int MaxLineBytes = 8192;

    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    /// <summary>
    /// Reads one <c>\n</c>-terminated line. Returns <see langword="false"/> if no complete line is buffered (the reader is
    /// left where it was). Returns <see langword="true"/> with <see cref="LineStatus.TooLong"/> (reader not advanced,
    /// <paramref name="line"/> empty) when <see cref="MaxLineBytes"/> bytes are buffered without a <c>\n</c> among them:
    /// MPD drops such a connection.
    /// </summary>
    public static bool TryReadLine(ref SequenceReader<byte> reader, out string line, out LineStatus status)
    {
        line = string.Empty;
        status = LineStatus.Line;

        ReadOnlySequence<byte> window = reader.UnreadSequence;
        if (window.Length > MaxLineBytes)
            window = window.Slice(0, MaxLineBytes);

        SequencePosition? newline = window.PositionOf((byte)'\n');
        if (newline is null)
        {
            if (window.Length >= MaxLineBytes)
            {
                status = LineStatus.TooLong;
                return true;
            }
            return false;
        }

        ReadOnlySequence<byte> raw = window.Slice(0, newline.Value);
        line = Decode(raw);
        reader.Advance(raw.Length + 1);
        return true;
    }

    private static string Decode(in ReadOnlySequence<byte> raw)
    {
        if (raw.IsSingleSegment)
            return Decode(raw.FirstSpan);

        Span<byte> copy = stackalloc byte[MaxLineBytes];
        raw.CopyTo(copy);
        return Decode(copy[..(int)raw.Length]);
    }

    private static string Decode(ReadOnlySpan<byte> bytes)
    {
        // MPD first strips trailing whitespace-or-NUL from the whole line, then reads it as a C string.
        int end = bytes.Length;
        while (end > 0 && bytes[end - 1] <= 0x20)
            end--;
        bytes = bytes[..end];
        int nul = bytes.IndexOf((byte)0);
        if (nul >= 0)
            bytes = bytes[..nul];
        return bytes.IsEmpty ? string.Empty : Utf8.GetString(bytes);
    }
}

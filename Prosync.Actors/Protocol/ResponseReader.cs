using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Prosync.Actors.Protocol;

/// <summary>
/// Reads whole MPD responses from a server's byte stream, without I/O: text lines up to <c>OK</c> or an
/// <c>ACK [...]</c> line; a <c>binary: N</c> line is followed by exactly N raw bytes and a <c>\n</c>, which are counted,
/// never scanned, because a picture may contain <c>\nOK\n</c> or <c>ACK [</c>.
/// </summary>
/// <remarks>
/// An incomplete response costs a scan of the buffered bytes (only the new ones with the resumable overload, which a
/// read loop should use) and no allocation; lines are decoded only once the response is complete. The reader does not
/// bound a response's size: the caller should bound its buffer (MPD itself drops a client whose output exceeds
/// <c>max_output_buffer_size</c>, 8 MiB by default).
/// </remarks>
public static class ResponseReader
{
    private const int HeadBytes = 32; // "binary: " plus any plausible length

    /// <summary>
    /// Reads one whole response ending in <c>OK\n</c> or <c>ACK ...\n</c>. <c>list_OK</c> lines are kept in
    /// <see cref="MpdResponse.Lines"/>. Returns <see langword="false"/> (reader untouched) when the response is incomplete.
    /// </summary>
    /// <exception cref="MpdProtocolException">The bytes cannot be MPD output; the stream is lost.</exception>
    public static bool TryRead(ref SequenceReader<byte> reader, [MaybeNullWhen(false)] out MpdResponse response)
    {
        long scanned = 0;
        return TryRead(ref reader, ref scanned, out response);
    }

    /// <summary>
    /// As <see cref="TryRead(ref SequenceReader{byte}, out MpdResponse)"/>, but resumable: a large response (listallinfo)
    /// arrives in many reads, and rescanning it from the start each time is quadratic. <paramref name="scanned"/> is how
    /// many bytes from the reader's position are already known to hold only complete lines of this response: start at
    /// 0, keep it between calls while the same unconsumed bytes are presented again (with more appended), and it is reset
    /// to 0 when a response is returned.
    /// </summary>
    /// <exception cref="MpdProtocolException">The bytes cannot be MPD output; the stream is lost.</exception>
    public static bool TryRead(ref SequenceReader<byte> reader, ref long scanned, [MaybeNullWhen(false)] out MpdResponse response)
    {
        response = null;
        if (scanned < 0 || scanned > reader.Remaining)
            throw new ArgumentOutOfRangeException(nameof(scanned), scanned, "must lie within the unread bytes");

        SequenceReader<byte> scan = reader;
        scan.Advance(scanned);
        if (!Walk(ref scan, builder: null, out long safe))
        {
            scanned += safe;
            return false;
        }

        var builder = new Builder();
        SequenceReader<byte> build = reader;
        Walk(ref build, builder, out _);
        response = builder.Build();
        reader = build;
        scanned = 0;
        return true;
    }

    /// <summary>
    /// Walks one response; with a builder it also collects it. False = more bytes needed; <paramref name="safe"/> is then
    /// how many bytes were walked up to the end of the last complete line or binary chunk.
    /// </summary>
    private static bool Walk(ref SequenceReader<byte> reader, Builder? builder, out long safe)
    {
        Span<byte> headBuffer = stackalloc byte[HeadBytes];
        long start = reader.Consumed;
        safe = 0;
        while (true)
        {
            safe = reader.Consumed - start;
            if (!reader.TryReadTo(out ReadOnlySequence<byte> line, (byte)'\n', advancePastDelimiter: true))
                return false;

            ReadOnlySpan<byte> head = Head(line, headBuffer);
            if (line.Length == 2 && head.SequenceEqual("OK"u8))
            {
                builder?.End(null);
                return true;
            }

            if (head.StartsWith("ACK "u8))
            {
                if (builder is not null)
                {
                    string text = Decode(line);
                    if (!MpdError.TryParse(text, out MpdError? error))
                        throw new MpdProtocolException($"malformed error line from server: {text}");
                    builder.End(error);
                }
                return true;
            }

            if (head.StartsWith("binary: "u8))
            {
                if (line.Length > HeadBytes || !TryParseLength(head["binary: "u8.Length..], out int length))
                    throw new MpdProtocolException($"malformed binary length line: {Decode(line)}");
                if (reader.Remaining < (long)length + 1)
                    return false;

                if (builder is not null)
                    builder.AddBinary(reader.UnreadSequence.Slice(0, length).ToArray());
                reader.Advance(length);
                reader.TryRead(out byte terminator);
                if (terminator != (byte)'\n')
                    throw new MpdProtocolException($"binary payload of {length} bytes is not followed by a newline");
                continue;
            }

            if (head.StartsWith("OK MPD "u8))
                throw new MpdProtocolException("greeting received where a response was expected");

            builder?.AddLine(Decode(line));
        }
    }

    private static ReadOnlySpan<byte> Head(in ReadOnlySequence<byte> line, Span<byte> buffer)
    {
        if (line.IsSingleSegment)
            return line.FirstSpan;
        int n = (int)Math.Min(line.Length, buffer.Length);
        line.Slice(0, n).CopyTo(buffer);
        return buffer[..n];
    }

    private static bool TryParseLength(ReadOnlySpan<byte> digits, out int length)
    {
        length = 0;
        if (digits.IsEmpty)
            return false;
        foreach (byte b in digits)
            if (b is < (byte)'0' or > (byte)'9')
                return false;
        return int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out length) && length <= Array.MaxLength;
    }

    private static string Decode(in ReadOnlySequence<byte> bytes) =>
        bytes.IsEmpty ? string.Empty : Encoding.UTF8.GetString(bytes);

    private sealed class Builder
    {
        private readonly List<string> _lines = [];
        private List<BinaryChunk>? _chunks;
        private MpdError? _error;

        public void AddLine(string line) => _lines.Add(line);

        public void AddBinary(byte[] data) => (_chunks ??= []).Add(new BinaryChunk(_lines.Count, data));

        public void End(MpdError? error) => _error = error;

        public MpdResponse Build()
        {
            if (_lines.Count == 0 && _chunks is null)
                return _error is null ? MpdResponse.Ok : MpdResponse.Fail(_error);
            return _chunks is null
                ? new MpdResponse(_lines, null, _error)
                : MpdResponse.WithBinaryChunks(_lines, _chunks, _error);
        }
    }
}

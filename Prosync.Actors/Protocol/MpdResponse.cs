namespace Prosync.Actors.Protocol;

/// <summary>
/// One complete MPD response: the text lines, any binary payload, and how it ended (<c>OK</c> or an <c>ACK</c>).
/// Immutable; the binary payload is owned by the response (the reader copies it out of the pipe buffer).
/// </summary>
public sealed class MpdResponse
{
    private static readonly IReadOnlyList<BinaryChunk> NoChunks = Array.Empty<BinaryChunk>();

    /// <summary>
    /// A response with <paramref name="lines"/>, then <paramref name="binary"/> (if any) as the last item before the end,
    /// which is where albumart and readpicture put it.
    /// </summary>
    public MpdResponse(IReadOnlyList<string> lines, ReadOnlyMemory<byte>? binary = null, MpdError? error = null)
        : this(lines, binary is { } data ? [new BinaryChunk(lines.Count, data)] : NoChunks, error, validate: false)
    {
    }

    private MpdResponse(IReadOnlyList<string> lines, IReadOnlyList<BinaryChunk> chunks, MpdError? error, bool validate)
    {
        ArgumentNullException.ThrowIfNull(lines);
        if (validate)
        {
            int previous = 0;
            foreach (BinaryChunk chunk in chunks)
            {
                if (chunk.LineIndex < previous || chunk.LineIndex > lines.Count)
                    throw new ArgumentException("binary chunks must be in line order and within the lines", nameof(chunks));
                previous = chunk.LineIndex;
            }
        }
        Lines = lines;
        BinaryChunks = chunks;
        Error = error;
    }

    /// <summary>
    /// A response with several binary payloads at given positions among the lines (a command list with more than one
    /// albumart/readpicture). Chunks must be ordered by <see cref="BinaryChunk.LineIndex"/>.
    /// </summary>
    public static MpdResponse WithBinaryChunks(IReadOnlyList<string> lines, IReadOnlyList<BinaryChunk> chunks, MpdError? error = null) =>
        new(lines, chunks.Count == 0 ? NoChunks : chunks, error, validate: true);

    /// <summary>The empty success response, <c>OK</c>.</summary>
    public static MpdResponse Ok { get; } = new(Array.Empty<string>());

    /// <summary>A response that is only the given error.</summary>
    public static MpdResponse Fail(MpdError error) => new(Array.Empty<string>(), null, error);

    /// <summary>"key: value" lines (and <c>list_OK</c>) as received, without <c>\n</c>; <c>binary: N</c> lines are not included.</summary>
    public IReadOnlyList<string> Lines { get; }

    /// <summary>The raw bytes of the first (usually only) binary payload, or <see langword="null"/>.</summary>
    public ReadOnlyMemory<byte>? Binary => BinaryChunks.Count > 0 ? BinaryChunks[0].Data : (ReadOnlyMemory<byte>?)null;

    /// <summary>Every binary payload with its position among <see cref="Lines"/>.</summary>
    public IReadOnlyList<BinaryChunk> BinaryChunks { get; }

    /// <summary>The error the response ended with, or <see langword="null"/> if it ended with <c>OK</c>.</summary>
    public MpdError? Error { get; }

    /// <summary>The response ended with <c>OK</c>.</summary>
    public bool IsOk => Error is null;

    /// <summary>The value of the first line with this key (case-sensitive, as MPD sends it), or <see langword="null"/>.</summary>
    public string? Get(string key)
    {
        foreach (string line in Lines)
            if (TrySplit(line, out ReadOnlySpan<char> k, out ReadOnlySpan<char> v) && k.SequenceEqual(key))
                return v.ToString();
        return null;
    }

    /// <summary>Every value of lines with this key, in order (e.g. all <c>file</c> entries).</summary>
    public IEnumerable<string> GetAll(string key)
    {
        foreach (KeyValuePair<string, string> pair in Pairs)
            if (string.Equals(pair.Key, key, StringComparison.Ordinal))
                yield return pair.Value;
    }

    /// <summary>
    /// The lines split at their first <c>": "</c>, as libmpdclient does; lines without it (<c>list_OK</c>) are skipped.
    /// </summary>
    public IEnumerable<KeyValuePair<string, string>> Pairs
    {
        get
        {
            foreach (string line in Lines)
            {
                int sep = line.IndexOf(": ", StringComparison.Ordinal);
                if (sep > 0)
                    yield return new KeyValuePair<string, string>(line[..sep], line[(sep + 2)..]);
            }
        }
    }

    private static bool TrySplit(string line, out ReadOnlySpan<char> key, out ReadOnlySpan<char> value)
    {
        int sep = line.IndexOf(": ", StringComparison.Ordinal);
        if (sep <= 0)
        {
            key = value = default;
            return false;
        }
        key = line.AsSpan(0, sep);
        value = line.AsSpan(sep + 2);
        return true;
    }
}

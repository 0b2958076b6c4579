using System.Buffers;
using System.Globalization;
using System.Text;

namespace Prosync.Actors.Protocol;

/// <summary>
/// Writes MPD responses into an <see cref="IBufferWriter{T}"/> (a <c>PipeWriter</c> in production), byte for byte as
/// MPD formats them: lines, <c>binary: N\n</c> + payload + <c>\n</c>, then <c>OK\n</c> or the <c>ACK</c> line.
/// Lines are written as given: a line containing <c>\n</c> would break the framing, so callers must not build one.
/// </summary>
public static class ResponseWriter
{
    /// <summary>The whole response, ending in <c>OK\n</c> or <c>ACK ...\n</c>.</summary>
    public static void Write(IBufferWriter<byte> output, MpdResponse response)
    {
        WriteBody(output, response);
        if (response.Error is { } error)
            WriteError(output, error);
        else
            WriteOk(output);
    }

    /// <summary>
    /// The response without its final <c>OK</c>/<c>ACK</c> line: what one successful command contributes to a command
    /// list, before its <c>list_OK</c>.
    /// </summary>
    public static void WriteBody(IBufferWriter<byte> output, MpdResponse response)
    {
        IReadOnlyList<string> lines = response.Lines;
        IReadOnlyList<BinaryChunk> chunks = response.BinaryChunks;
        int next = 0;
        for (int i = 0; i <= lines.Count; i++)
        {
            while (next < chunks.Count && chunks[next].LineIndex == i)
                WriteBinary(output, chunks[next++].Data.Span);
            if (i < lines.Count)
                WriteLine(output, lines[i]);
        }
    }

    /// <summary><paramref name="line"/> + <c>\n</c>, UTF-8.</summary>
    public static void WriteLine(IBufferWriter<byte> output, string line)
    {
        Encoding.UTF8.GetBytes(line.AsSpan(), output);
        WriteRaw(output, "\n"u8);
    }

    /// <summary><c>OK\n</c>.</summary>
    public static void WriteOk(IBufferWriter<byte> output) => WriteRaw(output, "OK\n"u8);

    /// <summary><c>list_OK\n</c>, written after each successful command of a <c>command_list_ok_begin</c> list.</summary>
    public static void WriteListOk(IBufferWriter<byte> output) => WriteRaw(output, "list_OK\n"u8);

    /// <summary>The <c>ACK [...]</c> line and its <c>\n</c>.</summary>
    public static void WriteError(IBufferWriter<byte> output, MpdError error) => WriteLine(output, error.ToString());

    /// <summary><c>binary: N\n</c>, the N bytes, <c>\n</c>: MPD's framing of one chunk.</summary>
    public static void WriteBinary(IBufferWriter<byte> output, ReadOnlySpan<byte> payload)
    {
        WriteLine(output, string.Create(CultureInfo.InvariantCulture, $"binary: {payload.Length}"));
        WriteRaw(output, payload);
        WriteRaw(output, "\n"u8);
    }

    private static void WriteRaw(IBufferWriter<byte> output, ReadOnlySpan<byte> bytes)
    {
        // Copy in whatever pieces the writer offers, so a large picture does not demand one huge buffer.
        while (!bytes.IsEmpty)
        {
            Span<byte> span = output.GetSpan();
            int n = Math.Min(span.Length, bytes.Length);
            bytes[..n].CopyTo(span);
            output.Advance(n);
            bytes = bytes[n..];
        }
    }
}

using System.Buffers;
using System.Security.Cryptography;

namespace Prosync.Actors.Library;

/// <summary>
/// Copies a stream and takes its SHA-256 on the way: a received file is verified without reading it a second time.
/// The one loop behind every place a music file arrives (a room's directory, the agent, an upload's staging, fetch).
/// </summary>
public static class HashingCopy
{
    private const int BufferSize = 1 << 16;

    /// <summary>
    /// Reads <paramref name="from"/> to its end into <paramref name="to"/>; <paramref name="progress"/> is told the
    /// bytes copied so far after each write.
    /// </summary>
    /// <returns>The bytes copied and their SHA-256 as 64 lower-case hex digits (the protocol's form).</returns>
    public static async Task<(long Bytes, string Sha256)> CopyAsync(Stream from, Stream to, Action<long>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            long bytes = 0;
            int read;
            while ((read = await from.ReadAsync(buffer.AsMemory(0, BufferSize), ct)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                await to.WriteAsync(buffer.AsMemory(0, read), ct);
                bytes += read;
                progress?.Invoke(bytes);
            }
            return (bytes, Convert.ToHexStringLower(hash.GetHashAndReset()));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <inheritdoc cref="CopyAsync(Stream, Stream, Action{long}?, CancellationToken)"/>
    public static Task<(long Bytes, string Sha256)> CopyAsync(Stream from, Stream to, CancellationToken ct) => CopyAsync(from, to, null, ct);
}

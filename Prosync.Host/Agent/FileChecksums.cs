using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Prosync.Host.Agent;

/// <summary>
/// SHA-256 of music files, cached by path, length and modification time: a file is hashed once however often it is
/// served, and again only when it changes.
/// </summary>
public sealed class FileChecksums
{
    private readonly ConcurrentDictionary<string, (long Length, DateTime Modified, string Sha256)> _cache = new(StringComparer.Ordinal);

    public async Task<string> GetAsync(string fullPath, CancellationToken ct)
    {
        var info = new FileInfo(fullPath);
        if (_cache.TryGetValue(fullPath, out var known) && known.Length == info.Length && known.Modified == info.LastWriteTimeUtc)
        {
            return known.Sha256;
        }
        await using var stream = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        var sha = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct));
        _cache[fullPath] = (info.Length, info.LastWriteTimeUtc, sha);
        return sha;
    }

    /// <summary>Records a checksum computed while the file was written (the PUT path), so it is not hashed again.</summary>
    public void Remember(string fullPath, string sha256)
    {
        var info = new FileInfo(fullPath);
        _cache[fullPath] = (info.Length, info.LastWriteTimeUtc, sha256);
    }
}

using System.Security.Cryptography;

namespace Prosync.Actors.Library;

/// <summary>
/// A room whose music directory this machine can write (the room runs here, or its directory is a mounted share);
/// its MPD is asked to update over a short-lived connection (<see cref="MpdDatabase"/>).
/// </summary>
public sealed class LocalDirectoryRoomFiles(string musicDirectory, string mpdHost, int mpdPort) : IRoomFiles
{
    /// <summary>How long MPD may take to have a stored file in its database.</summary>
    public static readonly TimeSpan UpdateTimeout = TimeSpan.FromSeconds(30);

    public string Location => musicDirectory;

    public async Task<RoomFileInfo?> GetInfoAsync(string path, CancellationToken ct)
    {
        var file = LibraryPath.Under(musicDirectory, path);
        if (!File.Exists(file)) return null;
        await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        var hash = await SHA256.HashDataAsync(stream, ct);
        return new RoomFileInfo(path, stream.Length, Convert.ToHexStringLower(hash));
    }

    public Task<Stream> OpenReadAsync(string path, long offset, CancellationToken ct)
    {
        var file = LibraryPath.Under(musicDirectory, path);
        if (!File.Exists(file)) throw new FileNotFoundException($"{path} is not in {musicDirectory}", path);
        var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        stream.Position = offset;
        return Task.FromResult<Stream>(stream);
    }

    public async Task WriteAsync(string path, Stream content, string sha256, CancellationToken ct)
    {
        var file = LibraryPath.Under(musicDirectory, path);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        // A name of its own per transfer: two uploads of the same path at once must not write into one part file.
        var part = $"{file}.{Guid.NewGuid():N}{LibraryPath.PartSuffix}";
        try
        {
            string actual;
            await using (var target = new FileStream(part, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
                (_, actual) = await HashingCopy.CopyAsync(content, target, ct);
            if (!string.Equals(actual, sha256, StringComparison.OrdinalIgnoreCase))
                throw new InvalidDataException($"checksum mismatch for {path}: received {actual}, expected {sha256}");
            File.Move(part, file, overwrite: true);
        }
        finally
        {
            if (File.Exists(part)) File.Delete(part);
        }
    }

    public Task<IReadOnlyList<string>> ListAsync(CancellationToken ct)
    {
        var root = Path.GetFullPath(musicDirectory);
        IReadOnlyList<string> files = Directory.Exists(root)
            ? Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
                .Where(f => !f.EndsWith(LibraryPath.PartSuffix, StringComparison.Ordinal))
                .Select(f => Path.GetRelativePath(root, f).Replace(Path.DirectorySeparatorChar, '/'))
                .Order(StringComparer.Ordinal).ToList()
            : [];
        return Task.FromResult(files);
    }

    public Task UpdateDatabaseAsync(string path, CancellationToken ct) =>
        MpdDatabase.UpdateAndWaitAsync(mpdHost, mpdPort, path, UpdateTimeout, ct);
}

namespace Prosync.Actors.Library;

/// <summary>
/// A music file's path as MPD names it: relative to the music directory, <c>/</c>-separated. Checked before it
/// touches a file system or a URL, so no upload or copy can reach outside a room's music directory.
/// </summary>
public static class LibraryPath
{
    /// <summary>True when <paramref name="path"/> is a safe relative file path; otherwise <paramref name="error"/> says why.</summary>
    public static bool TryValidate(string? path, out string error)
    {
        error = path switch
        {
            null or "" => "the path is empty",
            _ when path.Contains('\0') => "the path contains NUL",
            _ when path.Contains('\\') => "the path contains a backslash",
            _ when path.StartsWith('/') => "the path is absolute; give it relative to the music directory",
            _ when path.EndsWith('/') => "the path names a directory, not a file",
            _ when path.Split('/').Any(s => s is "" or "." or "..") => "the path has an empty, '.' or '..' segment",
            _ when path.EndsWith(PartSuffix, StringComparison.Ordinal) => $"the path ends in {PartSuffix}, reserved for transfers",
            _ => "",
        };
        return error.Length == 0;
    }

    /// <summary>The suffix of a file being received: written there, verified, then renamed into place.</summary>
    public const string PartSuffix = ".prosync-part";

    /// <summary>A URI MPD resolves on a remote server (a stream), not a file of the music directory.</summary>
    public static bool IsRemoteUri(string uri) => uri.Contains("://", StringComparison.Ordinal);

    /// <summary>The file system path of <paramref name="path"/> under <paramref name="root"/>, after <see cref="TryValidate"/>.</summary>
    /// <exception cref="ArgumentException">The path is not a safe relative file path.</exception>
    public static string Under(string root, string path)
    {
        if (!TryValidate(path, out var error)) throw new ArgumentException($"{path}: {error}", nameof(path));
        var full = Path.GetFullPath(Path.Combine(root, path.Replace('/', Path.DirectorySeparatorChar)));
        var rootFull = Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        if (!full.StartsWith(rootFull, StringComparison.Ordinal)) throw new ArgumentException($"{path} is outside the music directory", nameof(path));
        return full;
    }
}

namespace Prosync.Actors.Library;

/// <summary>
/// A music file's path as MPD names it: relative to the music directory, <c>/</c>-separated. Checked before it
/// touches a file system or a URL, so no upload, copy or agent request can reach outside a room's music directory
/// (docs/registry-protocol.md, "Paths"). The one check the proxy, the registry and the agent all use.
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

    /// <summary>What an HTTP answer refusing a path adds: how to send one.</summary>
    public const string QueryHint = "send ?path=DIR/NAME, relative to the music directory";

    /// <summary>The suffix of a file being received: written there, verified, then renamed into place.</summary>
    public const string PartSuffix = ".prosync-part";

    /// <summary>A URI MPD resolves on a remote server (a stream), not a file of the music directory.</summary>
    public static bool IsRemoteUri(string uri) => uri.Contains("://", StringComparison.Ordinal);

    /// <summary>
    /// The file system path of <paramref name="path"/> under <paramref name="root"/> when <see cref="TryValidate"/>
    /// accepts it and it resolves inside the root; otherwise false and <paramref name="error"/> says why.
    /// </summary>
    public static bool TryResolve(string root, string? path, out string fullPath, out string error)
    {
        fullPath = "";
        if (!TryValidate(path, out error)) return false;
        var full = Path.GetFullPath(Path.Combine(root, path!.Replace('/', Path.DirectorySeparatorChar)));
        var rootFull = Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        // Belt and braces: the segment checks already exclude escapes; a symlink inside the directory is the owner's choice.
        if (!full.StartsWith(rootFull, StringComparison.Ordinal))
        {
            error = "the path is outside the music directory";
            return false;
        }
        fullPath = full;
        return true;
    }

    /// <summary>The file system path of <paramref name="path"/> under <paramref name="root"/> (see <see cref="TryResolve"/>).</summary>
    /// <exception cref="ArgumentException">The path is not a safe relative file path.</exception>
    public static string Under(string root, string path)
        => TryResolve(root, path, out var full, out var error) ? full : throw new ArgumentException($"{path}: {error}", nameof(path));
}

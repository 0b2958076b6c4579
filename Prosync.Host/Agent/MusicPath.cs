namespace Prosync.Host.Agent;

/// <summary>
/// A file path as MPD names it (relative to the music directory, <c>/</c>-separated), checked so that no request
/// can reach outside the music directory: absolute paths, <c>..</c> or <c>.</c> segments, empty segments, NUL and
/// backslashes are refused (docs/registry-protocol.md, "Paths").
/// </summary>
public static class MusicPath
{
    /// <summary>The full path under <paramref name="musicDirectory"/>, or false and why not.</summary>
    public static bool TryResolve(string musicDirectory, string? path, out string fullPath, out string error)
    {
        fullPath = "";
        if (!IsValid(path, out error))
        {
            return false;
        }
        var root = Path.GetFullPath(musicDirectory);
        var candidate = Path.GetFullPath(Path.Combine(root, path!));
        // Belt and braces: the segment checks already exclude escapes; a symlink inside the directory is the owner's choice.
        if (!candidate.StartsWith(Path.TrimEndingDirectorySeparator(root) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            error = $"path '{path}' is outside the music directory";
            return false;
        }
        fullPath = candidate;
        return true;
    }

    /// <summary>The syntax rules alone (no file system).</summary>
    public static bool IsValid(string? path, out string error)
    {
        if (string.IsNullOrEmpty(path))
        {
            error = "path is missing: send ?path=DIR/NAME (relative to the music directory)";
            return false;
        }
        if (path.Contains('\0') || path.Contains('\\'))
        {
            error = "path must not contain NUL or a backslash";
            return false;
        }
        if (path.StartsWith('/'))
        {
            error = $"path '{path}' is absolute; send it relative to the music directory";
            return false;
        }
        foreach (var segment in path.Split('/'))
        {
            if (segment is "" or "." or "..")
            {
                error = $"path '{path}' has an empty, '.' or '..' segment";
                return false;
            }
        }
        if (path.EndsWith(AgentFiles.PartSuffix, StringComparison.Ordinal))
        {
            error = $"path '{path}' names a transfer in progress";
            return false;
        }
        error = "";
        return true;
    }
}

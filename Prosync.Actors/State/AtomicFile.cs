namespace Prosync.Actors.State;

/// <summary>Files the proxy keeps across restarts, written whole or not at all.</summary>
public static class AtomicFile
{
    /// <summary>
    /// Writes <paramref name="text"/> to <paramref name="path"/> through a temporary file renamed over it (its directory
    /// made if need be): a crash mid-write leaves the previous content, never half of the new one.
    /// </summary>
    public static void WriteAllText(string path, string text)
    {
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } directory) Directory.CreateDirectory(directory);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, text);
        File.Move(temporary, path, overwrite: true);
    }
}

namespace Prosync.Actors.Library;

/// <summary>
/// Access to one room's music directory and to its MPD's database, wherever the room is: a directory this machine can
/// write (<see cref="LocalDirectoryRoomFiles"/>) or a Prosync agent on the room's machine (<see cref="AgentRoomFiles"/>).
/// Files travel through these streams, never as actor messages. Paths are MPD URIs (<see cref="LibraryPath"/>).
/// </summary>
public interface IRoomFiles
{
    /// <summary>Where the files are, for logs and the API (<c>/srv/music</c>, <c>http://host:port</c>).</summary>
    string Location { get; }

    /// <summary>The file's size and checksum, or null when the room does not have it.</summary>
    Task<RoomFileInfo?> GetInfoAsync(string path, CancellationToken ct);

    /// <summary>Reads the file from <paramref name="offset"/> on (the caller disposes the stream).</summary>
    /// <exception cref="FileNotFoundException">The room does not have it.</exception>
    Task<Stream> OpenReadAsync(string path, long offset, CancellationToken ct);

    /// <summary>
    /// Stores <paramref name="content"/> as <paramref name="path"/>: written aside, verified against
    /// <paramref name="sha256"/>, then renamed into place (directories created), so MPD never sees a partial file.
    /// </summary>
    /// <exception cref="InvalidDataException">The checksum did not match; nothing was stored.</exception>
    Task WriteAsync(string path, Stream content, string sha256, CancellationToken ct);

    /// <summary>Every regular file of the music directory (relative paths).</summary>
    Task<IReadOnlyList<string>> ListAsync(CancellationToken ct);

    /// <summary>Has the room's MPD <c>update</c> <paramref name="path"/> and waits until its database holds it.</summary>
    /// <exception cref="TimeoutException">MPD's database did not have the file within the time allowed.</exception>
    Task UpdateDatabaseAsync(string path, CancellationToken ct);
}

using Prosync.Actors.Proxy;

namespace Prosync.Actors.Library;

/// <summary>How the proxy reaches a room's music directory: its agent if it registered through one, else a configured directory.</summary>
public static class RoomFiles
{
    /// <summary>One client for every agent: connection pooling, and no socket exhaustion from clients made per transfer.</summary>
    /// <remarks>No overall timeout (a song over a slow link takes what it takes; callers bound transfers with tokens), but a
    /// connect timeout: an agent's machine that is off must fail fast, not after the OS's SYN retries.</remarks>
    private static readonly HttpClient Http = new(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(5) })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    /// <summary>The room's file access, or null when it has none ("no file access").</summary>
    public static IRoomFiles? For(ServerEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (endpoint.AgentUrl is { Length: > 0 } agent && Uri.TryCreate(agent, UriKind.Absolute, out var uri))
            return new AgentRoomFiles(Http, uri);
        if (LocalDirectory(endpoint.MusicDirectory) is { } directory)
            return new LocalDirectoryRoomFiles(directory, endpoint.Host, endpoint.Port);
        return null;
    }

    /// <summary>
    /// The music directory as a directory of this machine, or null. The servers file's MUSIC_DIR may name a directory on
    /// the room's own machine (<c>~/Music</c> of its user): only one that exists here is written to, never a same-named
    /// path on the wrong machine created by accident.
    /// </summary>
    private static string? LocalDirectory(string? directory)
    {
        if (string.IsNullOrWhiteSpace(directory)) return null;
        if (directory.StartsWith('~'))
            directory = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) + directory[1..];
        return Path.IsPathFullyQualified(directory) && Directory.Exists(directory) ? directory : null;
    }
}

using Prosync.Actors.Proxy;

namespace Prosync.Actors.Library;

/// <summary>How the proxy reaches a room's music directory: its agent if it registered through one, else a configured directory.</summary>
public static class RoomFiles
{
    /// <summary>One client for every agent: connection pooling, and no socket exhaustion from clients made per transfer.</summary>
    private static readonly HttpClient Http = new() { Timeout = Timeout.InfiniteTimeSpan };

    /// <summary>The room's file access, or null when it has none ("no file access").</summary>
    public static IRoomFiles? For(ServerEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (endpoint.AgentUrl is { Length: > 0 } agent && Uri.TryCreate(agent, UriKind.Absolute, out var uri))
            return new AgentRoomFiles(Http, uri);
        if (endpoint.MusicDirectory is { Length: > 0 } directory)
            return new LocalDirectoryRoomFiles(directory, endpoint.Host, endpoint.Port);
        return null;
    }
}

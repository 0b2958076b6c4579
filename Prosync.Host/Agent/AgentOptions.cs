using System.Net;
using Prosync.Host.Configuration;

namespace Prosync.Host.Agent;

/// <summary>What the <c>agent</c> verb runs with (see <see cref="AgentCommandLine"/>).</summary>
public sealed record AgentOptions
{
    /// <summary>The proxy's HTTP (dashboard) address, where the registry is.</summary>
    public required HostPort Registry { get; init; }

    /// <summary>The room's name, as the proxy will show it.</summary>
    public required string Name { get; init; }

    /// <summary>The room's MPD server, as this machine reaches it.</summary>
    public required HostPort Mpd { get; init; }

    /// <summary>The MPD server's music directory (its <c>music_directory</c>), which the agent serves and writes.</summary>
    public required string MusicDirectory { get; init; }

    /// <summary>Where the agent's HTTP server listens.</summary>
    public IPEndPoint Listen { get; init; } = new(IPAddress.Any, 6680);

    /// <summary>How often the agent says it is alive.</summary>
    public TimeSpan Keepalive { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>The URL the registry is told to reach the agent on, when it is not the listening address (NAT, a relay).</summary>
    public Uri? Advertise { get; init; }

    public bool Help { get; init; }
}

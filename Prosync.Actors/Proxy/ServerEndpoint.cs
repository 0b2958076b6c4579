namespace Prosync.Actors.Proxy;

/// <summary>One room's MPD server, as configured.</summary>
public sealed record ServerEndpoint(string Name, string Host, int Port)
{
    /// <summary>The room's audio output latency, added to the measured one-way delay.</summary>
    public double OffsetMs { get; init; }

    /// <summary>Music directory on that server (original servers-file format; used by uploads).</summary>
    public string? MusicDirectory { get; init; }

    /// <summary>Login user on that server (original servers-file format; used by uploads).</summary>
    public string? User { get; init; }

    /// <summary>The room's Prosync agent (<c>http://host:port</c>), when the room registered through one; it serves and
    /// receives the room's music files (docs/registry-protocol.md).</summary>
    public string? AgentUrl { get; init; }

    /// <summary>The room's initial volume trim (0..1 factor on its group's volume), until one is kept in the state file.</summary>
    public double? Trim { get; init; }

    public override string ToString() => $"{Name}={Host}:{Port}";
}

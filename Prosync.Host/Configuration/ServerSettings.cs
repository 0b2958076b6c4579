namespace Prosync.Host.Configuration;

/// <summary>One entry of <c>Prosync:Servers</c>: an MPD server in one room.</summary>
public sealed class ServerSettings
{
    /// <summary>Name shown in logs and used by <c>--offset</c>; defaults to the address.</summary>
    public string? Name { get; set; }

    /// <summary><c>HOST[:PORT]</c>; the port defaults to 6600.</summary>
    public string? Address { get; set; }

    /// <summary>The room's audio output latency in milliseconds.</summary>
    public double? OffsetMs { get; set; }

    /// <summary>Login user on that machine (servers-file format; for uploads).</summary>
    public string? User { get; set; }

    /// <summary>Music directory on that machine (servers-file format; for uploads).</summary>
    public string? MusicDirectory { get; set; }

    /// <summary>The room's initial volume trim, 0 (muted) to 1 (the group's volume); the state file's wins once kept.</summary>
    public double? Trim { get; set; }
}

using System.Net;
using Prosync.Actors.Cluster;

namespace Prosync.Actors.Proxy;

/// <summary>Everything the proxy needs to run: where clients connect and which servers it drives.</summary>
public sealed record ProxyOptions
{
    /// <summary>Address for MPD clients; port 0 picks a free port.</summary>
    public required IPEndPoint Listen { get; init; }

    public required IReadOnlyList<ServerEndpoint> Servers { get; init; }

    /// <summary>MPD's connection_timeout: a client that sends nothing for this long (unless idling) is dropped.</summary>
    public TimeSpan ClientTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Where rooms' groups, enabled flags and trims are kept across restarts (JSON); null keeps them in memory only.</summary>
    public string? StateFile { get; init; }

    /// <summary>
    /// Where the uploads rooms still wait for (they were down) are kept across restarts: a directory next to
    /// <see cref="StateFile"/>, named after it (<c>rooms.json</c>: <c>rooms.uploads/</c>), so proxies with state files in
    /// one directory keep theirs apart; null (no state file) keeps them in memory only.
    /// </summary>
    public string? PendingUploadsDirectory => StateFile is { } file ? Path.ChangeExtension(Path.GetFullPath(file), ".uploads") : null;

    /// <summary>Timing, estimator, probing and fault-tolerance settings.</summary>
    public ClusterOptions Cluster { get; init; } = ClusterOptions.Default;
}

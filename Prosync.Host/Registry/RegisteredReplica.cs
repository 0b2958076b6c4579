namespace Prosync.Host.Registry;

/// <summary>One agent's room as the registry knows it (and as <c>GET /api/registry/replicas</c> shows it).</summary>
/// <param name="Mpd">The room's MPD server, <c>host:port</c>.</param>
/// <param name="Agent">The agent's base URL, <c>http://host:port</c>.</param>
public sealed record RegisteredReplica(
    string Name,
    string Mpd,
    string Agent,
    double KeepaliveSeconds,
    DateTimeOffset RegisteredAt,
    DateTimeOffset LastKeepaliveAt);

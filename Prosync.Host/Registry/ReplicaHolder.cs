namespace Prosync.Host.Registry;

/// <summary>A room that holds a file, with what is measured of it (<c>GET /api/library/replicas</c>).</summary>
/// <param name="Agent">The agent's base URL; null for a room reached through a local music directory.</param>
/// <param name="Method">How the room is measured: <c>agent</c> or <c>local</c>.</param>
public sealed record ReplicaHolder(
    string Name,
    string? Agent,
    long Bytes,
    string? Sha256,
    double? LatencyMs,
    double? ThroughputMBps,
    DateTimeOffset? MeasuredAt,
    string Method);

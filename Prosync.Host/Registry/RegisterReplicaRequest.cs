namespace Prosync.Host.Registry;

/// <summary>The body of <c>POST /api/registry/replicas</c>: a registration, and every keepalive after it.</summary>
public sealed record RegisterReplicaRequest(string? Name, string? Mpd, string? Agent, double? KeepaliveSeconds);

namespace Prosync.Host.Api;

/// <summary>Body of <c>POST /api/servers</c>: <c>{"name": "kitchen", "address": "192.168.1.20:6600", "offsetMs": 40}</c>.</summary>
/// <param name="Name">Optional; defaults to the address, as in the configuration.</param>
/// <param name="Address"><c>HOST[:PORT]</c>; the port defaults to 6600.</param>
/// <param name="OffsetMs">Optional; the room's audio output latency.</param>
public sealed record AddServerRequest(string? Name, string? Address, double? OffsetMs);

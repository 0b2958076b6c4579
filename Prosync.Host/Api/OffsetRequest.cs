namespace Prosync.Host.Api;

/// <summary>Body of <c>PUT /api/servers/{name}/offset</c>: <c>{"offsetMs": 40}</c>.</summary>
public sealed record OffsetRequest(double? OffsetMs);

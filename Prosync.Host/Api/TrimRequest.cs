namespace Prosync.Host.Api;

/// <summary>Body of <c>PUT /api/servers/{name}/volume</c>: <c>{"trim": 0.8}</c>, a factor on the group's volume (0 mutes).</summary>
public sealed record TrimRequest(double? Trim);

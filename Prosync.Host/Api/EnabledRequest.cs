namespace Prosync.Host.Api;

/// <summary>Body of <c>PUT /api/servers/{name}/enabled</c>: <c>{"enabled": false}</c> takes the room out of its group's playback.</summary>
public sealed record EnabledRequest(bool? Enabled);

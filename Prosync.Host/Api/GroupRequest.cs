namespace Prosync.Host.Api;

/// <summary>Body of <c>PUT /api/servers/{name}/group</c>: <c>{"group": "upstairs"}</c>.</summary>
public sealed record GroupRequest(string? Group);

namespace Prosync.Host.Api;

/// <summary>Body of <c>POST /api/groups</c>: <c>{"name": "upstairs"}</c> (letters, digits, <c>_</c> and <c>-</c>, as MPD's partitions).</summary>
public sealed record NewGroupRequest(string? Name);

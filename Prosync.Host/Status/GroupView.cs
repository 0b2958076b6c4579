namespace Prosync.Host.Status;

/// <summary>One group of rooms (an MPD partition) on the dashboard and in <c>GET /api/groups</c>.</summary>
/// <param name="Volume">The group volume as last set (each room plays it times its trim); null while never set.</param>
public sealed record GroupView(string Name, IReadOnlyList<string> Rooms, string? Primary, PlayerView? Player, int? Volume);

namespace Prosync.Host.Status;

/// <summary>Everything the dashboard shows at one instant: <c>GET /api/status</c> and each server-sent event.</summary>
/// <param name="At">When the cluster was asked.</param>
/// <param name="Primary">The room whose replies clients see; null while no room is in sync.</param>
/// <param name="Broadcasts">Recent timed broadcasts, newest first.</param>
/// <param name="Resyncs">Recent rejoins, newest first.</param>
public sealed record StatusView(
    DateTimeOffset At,
    string? Primary,
    IReadOnlyList<ServerView> Servers,
    IReadOnlyList<BroadcastView> Broadcasts,
    IReadOnlyList<ResyncView> Resyncs,
    PlayerView? Player)
{
    /// <summary>The groups of rooms (MPD partitions), default first: each one's rooms, primary, what it plays, its volume.</summary>
    public IReadOnlyList<GroupView> Groups { get; init; } = [];
}

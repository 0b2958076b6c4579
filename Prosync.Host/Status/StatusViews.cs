using Prosync.Actors.Cluster;

namespace Prosync.Host.Status;

/// <summary>Turns the engine's <see cref="ClusterStatus"/> into the views the dashboard and API serve.</summary>
public static class StatusViews
{
    public static StatusView From(ClusterStatus status, RoomStates states, DateTimeOffset at)
    {
        states.Retain(status.Servers.Select(s => s.Name));
        var servers = status.Servers.Select(s =>
        {
            var latency = s.Latency;
            var measured = latency.HasValue;
            return new ServerView(
                s.Name,
                s.Address,
                states.Show(s.Name, s.State),
                s.State.ToString(),
                s.StateSince,
                s.Name == status.Primary || status.Groups.Any(g => g.Primary == s.Name),
                measured ? Round(latency.RttMs) : null,
                measured ? Round(latency.OneWayMs) : null,
                measured ? Round(latency.JitterMs) : null,
                measured ? Round(latency.OneWayMs + s.OffsetMs) : null,
                Round(s.LastRttMs),
                s.OffsetMs,
                latency.Samples,
                latency.OutliersRejected,
                Round(s.Continuity.PositionErrorMs),
                Round(s.Continuity.PositionUncertaintyMs),
                Round(s.Continuity.ClockRatePpm),
                Round(s.Continuity.ClockRateUncertaintyPpm),
                s.Continuity.Corrections,
                s.Continuity.LastCorrectionAt,
                s.Continuity.LastCorrection)
            {
                Group = s.Group, Enabled = s.Enabled, Trim = s.Trim, OutputId = s.OutputId, HasMixer = s.HasMixer,
                RepairBlockedReason = s.RepairBlockedReason,
            };
        }).ToList();
        var broadcasts = status.RecentBroadcasts.Take(StatusMonitor.BroadcastsShown).Select(b => new BroadcastView(
            b.At, b.Command, b.Servers, Round(b.PlannedSpreadMs) ?? 0, Round(b.FiringSpreadMs) ?? 0, Round(b.HeldMs) ?? 0,
            Round(b.EstimatedSkewMs))).ToList();
        var resyncs = status.RecentResyncs.Take(StatusMonitor.BroadcastsShown).Select(r => new ResyncView(
            r.Server, r.At, Round(r.Duration.TotalMilliseconds) ?? 0, Round(r.PositionErrorMs), r.Replayed)).ToList();
        var groups = status.Groups.Select(g => new GroupView(g.Name, g.Rooms, g.Primary, Player(g.Player), g.Volume)).ToList();
        return new StatusView(at, status.Primary, servers, broadcasts, resyncs, Player(status.Player)) { Groups = groups };
    }

    private static PlayerView? Player(PlayerStatus? player) => player is { } p
        ? new PlayerView(p.State, p.File, p.Artist, p.Title, Round(p.ElapsedSeconds) ?? 0, Round(p.DurationSeconds) ?? 0, p.Volume)
        : null;

    /// <summary>The chart's point for <paramref name="view"/>: no latency for a room that is down.</summary>
    public static LatencyFrame Frame(StatusView view)
        => new(view.At.ToUnixTimeMilliseconds(), view.Servers.ToDictionary(
            s => s.Name,
            s => s.State == RoomStates.Down
                ? new RoomSample(s.State, null, null, null)
                : new RoomSample(s.State, s.RttMs, s.LastRttMs, s.DelayMs)));

    /// <summary>Microsecond precision is plenty, and keeps the event stream small; NaN and infinities become null.</summary>
    private static double? Round(double value) => double.IsFinite(value) ? Math.Round(value, 3) : null;

    private static double? Round(double? value) => value is { } v ? Round(v) : null;
}

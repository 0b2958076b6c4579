namespace Prosync.Host.Status;

/// <summary>A room brought back to the cluster's state (after a restart, a divergence, or <c>POST …/resync</c>).</summary>
/// <param name="DurationMs">From the resync being queued to the room being in sync.</param>
/// <param name="PositionErrorMs">Playback position difference measured at the end; null when not playing.</param>
/// <param name="Replayed">False when the room already matched and was admitted untouched.</param>
public sealed record ResyncView(string Server, DateTimeOffset At, double DurationMs, double? PositionErrorMs, bool Replayed);

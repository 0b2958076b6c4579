namespace Prosync.Actors.Cluster;

/// <summary>How a room's rejoin went: for the dashboard and the recovery figures in the benchmark.</summary>
/// <param name="Duration">From the resync being queued to the room being in sync.</param>
/// <param name="PositionErrorMs">The playback position difference measured at the end (NaN when not playing).</param>
/// <param name="Replayed">False when the room already matched and was admitted untouched.</param>
public sealed record ResyncRecord(string Server, DateTimeOffset At, TimeSpan Duration, double PositionErrorMs, bool Replayed);

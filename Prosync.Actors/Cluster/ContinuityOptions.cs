using Prosync.Actors.Continuity;

namespace Prosync.Actors.Cluster;

/// <summary>How the cluster keeps playing rooms in step between commands (see <see cref="ClusterActor"/>'s continuity part).</summary>
public sealed record ContinuityOptions
{
    /// <summary>Off: rooms are aligned only by commands and resyncs (the benchmark's "no correction" arm).</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>How often the rooms' measured positions are compared and a correction planned.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Targets, thresholds and hysteresis of the corrections.</summary>
    public CorrectionOptions Planner { get; init; } = new();

    /// <summary>Position readings are ignored this long after a correction lands (MPD's output restarting).</summary>
    public TimeSpan Settle { get; init; } = TimeSpan.FromMilliseconds(150);

    /// <summary>
    /// What a timed pause of Δ costs beyond Δ (measured on MPD 0.23: docs/continuity-measurements.md); the resume is
    /// sent this much earlier so the room moves back by Δ.
    /// </summary>
    public double PauseBiasMs { get; init; }

    /// <summary>
    /// A seek (a rejoin's, or a correction's) aims this far ahead of the others: it lands within a few ms either way,
    /// and a room a little ahead is then paused into step without disturbing the rooms already in step.
    /// </summary>
    public double SeekAheadMs { get; init; } = 20;

    public static ContinuityOptions Default { get; } = new();
}

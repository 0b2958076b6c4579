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
    public TimeSpan Settle { get; init; } = TimeSpan.FromMilliseconds(750);

    /// <summary>
    /// Whether a room may be moved back by a timed pause (as Logitech Media Server does) as well as by seeks. Off by
    /// default, from measurements: MPD 0.23 closes a <c>null</c> or <c>pipe</c> output on pause, so a pause lands within
    /// a chunk (23 ms) at best and restarts a pipe's sink (tens of ms of silence and a new offset); in the bench every
    /// exploratory pause was such a restart and the arm with pauses ended further apart than the one without
    /// (BENCHMARKS.md, continuity). Turn it on for outputs that really pause (and then measure).
    /// </summary>
    public bool PauseCorrections { get; init; }

    /// <summary>
    /// A room's first guess of what a pause does beyond its length (actual shift − requested): MPD 0.23 with a
    /// <c>null</c> output moves back 14.2 ms less than it was paused (docs/continuity-measurements.md). Each room then
    /// learns its own (<see cref="CorrectionResponse"/>).
    /// </summary>
    public double InitialPauseBiasMs { get; init; } = 14.2;

    /// <summary>The first guess for a timed absolute <c>seekcur</c>: on a <c>null</c> output it lands 1.7 ms short.</summary>
    public double InitialSeekToBiasMs { get; init; } = -1.7;

    /// <summary>The first guess for a relative <c>seekcur</c>: relative to MPD's chunk-stepped position, about 9 ms short.</summary>
    public double InitialSeekByBiasMs { get; init; } = -9;

    /// <summary>A correction kind whose landings scatter more than this (ms) is not used where another does better.</summary>
    public double PreciseMs { get; init; } = 2;

    /// <summary>
    /// A room whose best action scatters by more than <see cref="PreciseMs"/> is corrected only when it is off by this
    /// many times that scatter: a correction then leaves it closer, never merely elsewhere.
    /// </summary>
    public double BenefitFactor { get; init; } = 2;

    /// <summary>
    /// A rejoin's (a resync's) seek aims this far ahead of the others: it lands within a few ms either way, and a room a
    /// little ahead is then moved back into step on its own, without disturbing the rooms already in step.
    /// </summary>
    public double SeekAheadMs { get; init; } = 20;

    /// <summary>
    /// For this long after a resync moved it to the group's position (a rejoin, a room back from a fault, one moved
    /// from another group) a room is "joining": the continuity loop brings it to the rooms already in step and never
    /// moves them to it.
    /// </summary>
    public TimeSpan JoinWindow { get; init; } = TimeSpan.FromSeconds(30);

    public static ContinuityOptions Default { get; } = new();
}

using Prosync.Actors.Continuity;
using Prosync.Actors.Servers;

namespace Prosync.Actors.Cluster;

/// <summary>
/// What the cluster keeps about one room's playback: its latest measured position, what its corrections really do
/// (learnt per kind), and the corrections made.
/// </summary>
internal sealed class RoomContinuity(ContinuityOptions options)
{
    public PositionUpdated? Latest { get; set; }

    /// <summary>When <see cref="Latest"/> arrived (monotonic ms).</summary>
    public double LatestAtMs { get; set; }

    public CorrectionResponse Pause { get; } = new(options.InitialPauseBiasMs);

    public CorrectionResponse Seek { get; } = new(options.InitialSeekBiasMs);

    /// <summary>The correction whose effect the room's server actor is measuring: its tag, kind and request.</summary>
    public (long Tag, CorrectionKind Kind, double RequestMs)? Measuring { get; set; }

    public int Corrections { get; set; }

    public double? LastCorrectionAtMs { get; set; }

    public DateTimeOffset? LastCorrectionAt { get; set; }

    public string? LastCorrection { get; set; }

    public CorrectionResponse ResponseOf(CorrectionKind kind) => kind == CorrectionKind.Pause ? Pause : Seek;
}

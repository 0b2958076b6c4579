using Prosync.Actors.Servers;

namespace Prosync.Actors.Cluster;

/// <summary>What the cluster keeps about one room's playback: its latest measured position and the corrections made.</summary>
internal sealed class RoomContinuity
{
    public PositionUpdated? Latest { get; set; }

    /// <summary>When <see cref="Latest"/> arrived (monotonic ms).</summary>
    public double LatestAtMs { get; set; }

    public int Corrections { get; set; }

    public double? LastCorrectionAtMs { get; set; }

    public DateTimeOffset? LastCorrectionAt { get; set; }

    public string? LastCorrection { get; set; }
}

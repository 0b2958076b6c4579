using Prosync.Actors.Continuity;
using Prosync.Actors.Servers;

namespace Prosync.Actors.Cluster;

/// <summary>
/// What the cluster keeps about one room's playback between its server actor's restarts: the latest measured
/// position, the clock-rate tracker (a sound card's rate outlives a reconnect) and the corrections made.
/// </summary>
internal sealed class RoomContinuity(ContinuityOptions options)
{
    public ClockRateTracker Rate { get; } = new(options.Rate);

    public PositionUpdated? Latest { get; set; }

    /// <summary>When <see cref="Latest"/> arrived (monotonic ms).</summary>
    public double LatestAtMs { get; set; }

    /// <summary>Bumped when the server actor restarts: its estimator's segments count from zero again.</summary>
    public long Epoch { get; set; }

    public double LastRatePointAtMs { get; set; } = double.NegativeInfinity;

    /// <summary>The rate last told to the room's server actor; NaN: not told (a restarted actor knows none).</summary>
    public double SentRatePpm { get; set; } = double.NaN;

    public int Corrections { get; set; }

    public double? LastCorrectionAtMs { get; set; }

    public DateTimeOffset? LastCorrectionAt { get; set; }

    public string? LastCorrection { get; set; }

    /// <summary>The room's clock-rate segment key: a new one per server incarnation and per estimator segment.</summary>
    public long SegmentOf(PositionEstimate estimate) => (Epoch << 32) + estimate.Segment;

    public void Lost()
    {
        Epoch++;
        Latest = null;
        SentRatePpm = double.NaN;
    }
}

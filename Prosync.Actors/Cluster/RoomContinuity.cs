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

    /// <summary>What each action really does to this room, learnt from its corrections.</summary>
    public Dictionary<CorrectionAction, CorrectionResponse> Responses { get; } = Actions(options);

    /// <summary>The actions a room may be corrected by (a pause only where allowed), each with its first guess.</summary>
    private static Dictionary<CorrectionAction, CorrectionResponse> Actions(ContinuityOptions options)
    {
        var actions = new Dictionary<CorrectionAction, CorrectionResponse>
        {
            [CorrectionAction.SeekTo] = new(options.InitialSeekToBiasMs),
            [CorrectionAction.SeekBy] = new(options.InitialSeekByBiasMs),
        };
        if (options.PauseCorrections) actions[CorrectionAction.Pause] = new(options.InitialPauseBiasMs);
        return actions;
    }

    /// <summary>The correction whose effect the room's server actor is measuring: its tag, action, request and when it was sent.</summary>
    public (long Tag, CorrectionAction Action, double RequestMs, double AtMs)? Measuring { get; set; }

    /// <summary>When the room last finished a resync into the group (monotonic ms), or null.</summary>
    public double? JoinedAtMs { get; set; }

    public int Corrections { get; set; }

    public double? LastCorrectionAtMs { get; set; }

    public DateTimeOffset? LastCorrectionAt { get; set; }

    public string? LastCorrection { get; set; }
}

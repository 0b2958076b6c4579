using Prosync.Actors.Continuity;

namespace Prosync.Actors.Cluster;

/// <summary>A planned set of corrections, run in the write queue so no client command lands in the middle of one.</summary>
internal sealed class CorrectionOperation(long tag, IReadOnlyList<Correction> corrections)
{
    public long Tag { get; } = tag;

    public IReadOnlyList<Correction> Corrections { get; } = corrections;

    public HashSet<string> Awaiting { get; } = [];

    /// <summary>How each room was moved: the action used and what was asked of MPD.</summary>
    public Dictionary<string, (CorrectionAction Action, double RequestMs)> Methods { get; } = [];
}

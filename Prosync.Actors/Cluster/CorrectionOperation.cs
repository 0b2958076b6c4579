using Prosync.Actors.Continuity;

namespace Prosync.Actors.Cluster;

/// <summary>A planned set of corrections, run in the write queue so no client command lands in the middle of one.</summary>
internal sealed class CorrectionOperation(long tag)
{
    public long Tag { get; } = tag;

    public List<Correction> Corrections { get; } = [];

    public HashSet<string> Awaiting { get; } = [];

    /// <summary>How each room is moved, chosen when planned: the action and what is asked of MPD.</summary>
    public Dictionary<string, (CorrectionAction Action, double RequestMs)> Methods { get; } = [];
}

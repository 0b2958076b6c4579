namespace Prosync.Actors.Library.Selection;

/// <summary>Ranks replicas by what <see cref="ReplicaMeasurements"/> holds: lowest latency or highest throughput first.</summary>
public sealed class MeasuredReplicaChooser(ReplicaMeasurements measurements) : IReplicaChooser
{
    public IReadOnlyList<string> Rank(IReadOnlyList<string> holders, ReplicaOptimization optimize)
        => ReplicaRanking.Rank(holders, optimize, measurements.Get);
}

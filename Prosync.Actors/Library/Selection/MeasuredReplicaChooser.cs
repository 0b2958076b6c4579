namespace Prosync.Actors.Library.Selection;

/// <summary>Ranks replicas by what <see cref="ReplicaMeasurements"/> holds: lowest latency or highest throughput first.</summary>
public sealed class MeasuredReplicaChooser(ReplicaMeasurements measurements) : IMeasuredReplicaChooser
{
    public bool IsMeasured(string replica, ReplicaOptimization optimize)
        => measurements.Get(replica) is { } m && (optimize == ReplicaOptimization.Latency ? m.LatencyMs : m.ThroughputBytesPerSecond) is not null;

    public IReadOnlyList<string> Rank(IReadOnlyList<string> holders, ReplicaOptimization optimize)
        => ReplicaRanking.Rank(holders, optimize, measurements.Get);
}

namespace Prosync.Actors.Library.Selection;

/// <summary>
/// Ranks replicas by what <see cref="ReplicaMeasurements"/> holds: lowest latency or highest throughput first. It is
/// also the <see cref="ITransferMeter"/> of the copies made with its choices, so each copy teaches it.
/// </summary>
public sealed class MeasuredReplicaChooser(ReplicaMeasurements measurements) : IMeasuredReplicaChooser, ITransferMeter
{
    public IDisposable BeginTransfer(string replica) => measurements.BeginTransfer(replica);

    public void RecordCopy(string replica, string method, long bytes, TimeSpan elapsed) => measurements.RecordCopy(replica, method, bytes, elapsed);

    public bool IsMeasured(string replica, ReplicaOptimization optimize)
        => measurements.Get(replica) is { } m && (optimize == ReplicaOptimization.Latency ? m.LatencyMs : m.ThroughputBytesPerSecond) is not null;

    public IReadOnlyList<string> Rank(IReadOnlyList<string> holders, ReplicaOptimization optimize)
        => ReplicaRanking.Rank(holders, optimize, measurements.Get);
}

namespace Prosync.Actors.Library.Selection;

/// <summary>
/// The ordering rule of <see cref="MeasuredReplicaChooser"/>, pure: by lowest latency or highest throughput;
/// replicas without that measurement last, in the order given (a stable sort).
/// </summary>
public static class ReplicaRanking
{
    public static IReadOnlyList<string> Rank(
        IReadOnlyList<string> holders, ReplicaOptimization optimize, Func<string, ReplicaMeasurement?> measurementOf)
    {
        double? Score(string replica)
        {
            var m = measurementOf(replica);
            return optimize == ReplicaOptimization.Latency ? m?.LatencyMs : -m?.ThroughputBytesPerSecond;
        }
        return holders
            .Select((name, index) => (name, index, score: Score(name)))
            .OrderBy(r => r.score is null ? 1 : 0)
            .ThenBy(r => r.score ?? 0)
            .ThenBy(r => r.index)
            .Select(r => r.name)
            .ToList();
    }
}

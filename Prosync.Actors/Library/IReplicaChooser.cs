namespace Prosync.Actors.Library;

/// <summary>What a replica is chosen for: small reads want the lowest latency, whole files the highest throughput.</summary>
public enum ReplicaOptimization
{
    Latency,
    Throughput,
}

/// <summary>Orders the rooms that hold a file from the best source to the worst, by what is measured of each.</summary>
public interface IReplicaChooser
{
    /// <summary><paramref name="holders"/> (room names), best first; rooms never measured come last, in the order given.</summary>
    IReadOnlyList<string> Rank(IReadOnlyList<string> holders, ReplicaOptimization optimize);
}

/// <summary>No measurements: the holders in the order given.</summary>
public sealed class UnmeasuredReplicaChooser : IReplicaChooser
{
    public static readonly UnmeasuredReplicaChooser Instance = new();

    public IReadOnlyList<string> Rank(IReadOnlyList<string> holders, ReplicaOptimization optimize) => holders;
}

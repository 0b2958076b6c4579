namespace Prosync.Actors.Cluster;

/// <summary>Which room answers a client's read (commands that change nothing).</summary>
public enum ReadPolicy
{
    /// <summary>The room with the shortest measured round trip, kept per session while it stays close.</summary>
    LowestLatency,

    /// <summary>Every in-sync room is asked; the first reply wins and the others are dropped.</summary>
    Race,

    /// <summary>One configured room (<see cref="ClusterOptions.ReadServer"/>), the primary while it is not in sync.</summary>
    Fixed,
}

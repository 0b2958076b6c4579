namespace Prosync.Actors.Cluster;

/// <summary>Bringing one room to the cluster's state: a loop of compare → fix, until it matches or gives up.</summary>
internal sealed class ResyncOperation(long tag, string target, DateTimeOffset queuedAt)
{
    public enum Phase { Snapshots, ApplyingSettings, AligningPlayback, Seeking }

    /// <summary>Compare/fix rounds before giving up (and retrying later).</summary>
    public const int MaxRounds = 4;

    public long Tag { get; } = tag;
    public string Target { get; } = target;
    public DateTimeOffset QueuedAt { get; } = queuedAt;
    public string Primary { get; set; } = "";
    public Phase Step { get; set; }
    public int Round { get; set; }
    public RoomState? Cluster { get; set; }
    public RoomState? Room { get; set; }
    public long ClusterAt { get; set; }
    public long RoomAt { get; set; }
    /// <summary>Position error measured in the last comparison (seconds), once both rooms play the same song.</summary>
    public double? LastPositionError { get; set; }
    public bool ChangedAnything { get; set; }
    /// <summary>A timed seek was sent, so the last measured error is that seek's residual.</summary>
    public bool Seeked { get; set; }
}

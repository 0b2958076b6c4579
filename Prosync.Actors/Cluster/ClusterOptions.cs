using Prosync.Actors.Library;
using Prosync.Actors.Scheduling;
using Prosync.Actors.Servers;

namespace Prosync.Actors.Cluster;

/// <summary>Tunables of the cluster.</summary>
public sealed record ClusterOptions
{
    /// <summary>How long a state change may wait for a server before that server is counted as having missed it.</summary>
    public TimeSpan WriteTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Headroom between planning a timed broadcast and its first send, for the mailbox hop and firing.</summary>
    public TimeSpan TimedGuard { get; init; } = TimeSpan.FromMilliseconds(3);

    public TimingMode Timing { get; init; } = TimingMode.Compensated;

    /// <summary>Per-server one-way delays for <see cref="TimingMode.Fixed"/>.</summary>
    public IReadOnlyDictionary<string, double> FixedDelaysMs { get; init; } = new Dictionary<string, double>();

    /// <summary>
    /// Probe every path just before a timed broadcast and hold it while a path is in a delay burst. On by
    /// default: with batch-2means it gave the best skew p95 on the Wi-Fi benchmark (10.7 ms against 58.6 ms
    /// without), at the price of about one round trip plus holds of added command latency. Its benefit varied
    /// between estimators and runs (BENCHMARKS.md); turn it off where command latency matters more.
    /// </summary>
    public bool PreSendProbe { get; init; } = true;

    public BurstDetectorOptions Burst { get; init; } = BurstDetectorOptions.Default;

    public ServerOptions Server { get; init; } = ServerOptions.Default;

    /// <summary>How often rooms are compared with the primary (zero: never, only after song changes).</summary>
    public TimeSpan CheckInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The first guess of how long MPD takes from a seek to being heard at the new position (decoder seek and
    /// buffer refill); each rejoin then measures its residual error and the cluster learns the real value.
    /// </summary>
    public TimeSpan InitialSeekLead { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// How far a playing room's position, read once, may be from the primary's before the room is resynced (a seek).
    /// Only gross errors: one read is ±one output chunk, and smaller errors are measured and corrected by
    /// <see cref="Continuity"/>.
    /// </summary>
    public TimeSpan DriftTolerance { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Keeping playing rooms in step between commands: measured positions, clock rates, corrections.</summary>
    public ContinuityOptions Continuity { get; init; } = ContinuityOptions.Default;

    /// <summary>Which room answers reads that carry no per-server ids (library, album art, stored playlists…).</summary>
    public ReadPolicy ReadPolicy { get; init; } = ReadPolicy.LowestLatency;

    /// <summary>The room for <see cref="ReadPolicy.Fixed"/>.</summary>
    public string? ReadServer { get; init; }

    /// <summary>Which room a missing file is copied from (best first); the registry's measured one when it runs.</summary>
    public IReplicaChooser ReplicaChooser { get; init; } = UnmeasuredReplicaChooser.Instance;

    /// <summary>
    /// Ranks rooms by measured throughput for album art (<c>albumart</c>, <c>readpicture</c>: bytes, not answers);
    /// null, or nothing measured yet, leaves album art to <see cref="ReadPolicy"/>.
    /// </summary>
    public Library.Selection.IMeasuredReplicaChooser? ArtReplicas { get; init; }

    /// <summary>
    /// Where the uploads rooms still wait for are kept across restarts (the house's, shared by its groups); null keeps
    /// them in memory only.
    /// </summary>
    public PendingUploadStore? PendingUploads { get; init; }

    public static ClusterOptions Default { get; } = new();
}

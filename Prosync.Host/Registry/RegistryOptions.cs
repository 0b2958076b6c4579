namespace Prosync.Host.Registry;

/// <summary>The registry of replicas (agents' rooms) and the measurement of every replica.</summary>
public sealed record RegistryOptions
{
    /// <summary>A replica with no keepalive for this long is dropped (its room removed).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often an idle replica's latency and throughput are measured again.</summary>
    public TimeSpan ProbeInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Size of a throughput probe: large enough that bandwidth, not the round trip, dominates its time.</summary>
    public long ProbeBytes { get; init; } = 2L << 20;

    public static RegistryOptions Default { get; } = new();
}

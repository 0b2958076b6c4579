using Prosync.Actors.Continuity;
using Prosync.Actors.Latency;

namespace Prosync.Actors.Servers;

/// <summary>How a <see cref="ServerActor"/> watches its server.</summary>
public sealed record ServerOptions
{
    /// <summary>Time between latency probes (MPD <c>ping</c> on the probe connection): 10 per second by default.</summary>
    public TimeSpan ProbeInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// A probe unanswered for this long marks the server Down. With a probe every 100 ms, a server that hangs
    /// is Down within 0.9 s; a reply already waiting unread in our socket never counts as late.
    /// </summary>
    public TimeSpan ProbeTimeout { get; init; } = TimeSpan.FromMilliseconds(800);

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Latency estimator: see <see cref="LatencyEstimators.Names"/>. The default, the original Prosync method,
    /// scored best in the benchmark (sum of skew p50s over lan and Wi-Fi: BENCHMARKS.md).
    /// </summary>
    public string Estimator { get; init; } = LatencyEstimators.Batch2Means;

    public LatencyEstimatorOptions EstimatorOptions { get; init; } = new();

    /// <summary>How playback positions are estimated from the probes' <c>status</c> readings.</summary>
    public PositionEstimatorOptions Positions { get; init; } = new();

    /// <summary>How the room's clock rate is tracked from its positions.</summary>
    public ClockRateOptions ClockRate { get; init; } = new();

    public static ServerOptions Default { get; } = new();
}

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
    /// Latency estimator: see <see cref="LatencyEstimators.Names"/>. The default, <c>quiet-mean</c>, is not
    /// dragged up by delay bursts (which only add delay) even when they hit a third of the probes, where the
    /// original <c>batch-2means</c> read a 35 ms link as 55 ms; it keeps the lan and Wi-Fi figures (BENCHMARKS.md).
    /// </summary>
    public string Estimator { get; init; } = LatencyEstimators.QuietMean;

    public LatencyEstimatorOptions EstimatorOptions { get; init; } = new();

    public static ServerOptions Default { get; } = new();
}

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
    /// How often the command connections send a <c>ping</c> when nothing else: well inside MPD's
    /// <c>connection_timeout</c> (60 s by default), after which MPD closes a connection that stays silent.
    /// </summary>
    public TimeSpan KeepAliveInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Latency estimator: see <see cref="LatencyEstimators.Names"/>. The default, <c>quiet-mean</c>, is not
    /// dragged up by delay bursts (which only add delay) even when they hit a third of the probes, where the
    /// original <c>batch-2means</c> read a 35 ms link as 55 ms; it keeps the lan and Wi-Fi figures (BENCHMARKS.md).
    /// </summary>
    public string Estimator { get; init; } = LatencyEstimators.QuietMean;

    public LatencyEstimatorOptions EstimatorOptions { get; init; } = new();

    /// <summary>How playback positions are estimated from the probes' <c>status</c> readings.</summary>
    public PositionEstimatorOptions Positions { get; init; } = new();

    /// <summary>How the room's clock rate is tracked from its positions.</summary>
    public ClockRateOptions ClockRate { get; init; } = new();

    /// <summary>
    /// The engine's clock (timeouts, probe timestamps, state times). Its timestamps are Stopwatch ticks, the unit
    /// of every I/O timestamp and send deadline, so only <see cref="TimeProvider.System"/> is used outside tests.
    /// </summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    public static ServerOptions Default { get; } = new();
}

using Prosync.Actors.Cluster;
using Prosync.Actors.Latency;
using Prosync.Actors.Servers;
using Prosync.Bench.Lab;

namespace Prosync.Bench.Skew;

/// <summary>One way of timing broadcasts that the benchmark compares.</summary>
/// <param name="Estimator">The latency estimator (compensated modes; the others probe with the default one, unused for timing).</param>
public sealed record Mode(string Name, TimingMode Timing, string Estimator, bool PreSendProbe)
{
    /// <summary>Headroom between planning and the first send (<see cref="ClusterOptions.TimedGuard"/>); null: the default.</summary>
    public TimeSpan? Guard { get; init; }

    /// <summary>The oracle also adds each link's mean jitter (uniform in [0, 2J): mean J): the true mean one-way delay.</summary>
    public bool OracleKnowsJitter { get; init; }

    public static Mode Naive { get; } = new("naive", TimingMode.Naive, ServerOptions.Default.Estimator, false);

    /// <summary>Knows every link's true base delay (the relay profile's <c>BaseDelayMs</c>), learns nothing.</summary>
    public static Mode Oracle { get; } = new("oracle", TimingMode.Fixed, ServerOptions.Default.Estimator, false);

    /// <summary>Knows every link's true mean one-way delay (base + mean jitter), learns nothing.</summary>
    public static Mode OracleWithJitter { get; } = new("oracle+jitter", TimingMode.Fixed, ServerOptions.Default.Estimator, false) { OracleKnowsJitter = true };

    public static Mode Prosync(string estimator, bool probe) =>
        new(estimator + (probe ? "+probe" : ""), TimingMode.Compensated, estimator, probe);

    /// <summary>naive, oracle, then Prosync with each estimator without and with the pre-send probe.</summary>
    public static IReadOnlyList<Mode> All { get; } =
        [Naive, Oracle, .. LatencyEstimators.Names.SelectMany(e => new[] { Prosync(e, false), Prosync(e, true) })];

    /// <summary><see cref="All"/> with the second oracle after the first (where links' jitter differs).</summary>
    public static IReadOnlyList<Mode> AllWithJitterOracle { get; } = [Naive, Oracle, OracleWithJitter, .. All.Skip(2)];

    public ClusterOptions Options(BenchLab lab) => ClusterOptions.Default with
    {
        Timing = Timing,
        PreSendProbe = PreSendProbe,
        TimedGuard = Guard ?? ClusterOptions.Default.TimedGuard,
        FixedDelaysMs = Enumerable.Range(0, lab.Count).ToDictionary(BenchLab.NameOf,
            i => lab.Profiles[i].BaseDelayMs + (OracleKnowsJitter ? lab.Profiles[i].JitterMs : 0)),
        Server = ClusterOptions.Default.Server with { Estimator = Estimator },
    };
}

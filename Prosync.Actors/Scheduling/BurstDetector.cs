using Prosync.Actors.Latency;

namespace Prosync.Actors.Scheduling;

/// <summary>
/// Pure logic of the pre-send probe (the seed's loss-correlation trick). Delay and loss come in
/// bursts, so a probe sent just before a timed broadcast tells whether the path is in one right
/// now. Use, per path:
/// <list type="number">
/// <item>Send a probe; wait for it at most <see cref="LateAfter"/> — a probe not back by then is
/// already late, so waiting longer only adds latency.</item>
/// <item>Call <see cref="Assess"/> with the RTT (or <c>null</c> if it did not return in time), the
/// time this broadcast has waited so far (probe rounds and holds), and the delay the round shares
/// (<see cref="SharedExcessMs"/>).</item>
/// <item>On <see cref="BurstVerdict.Hold"/>: wait <see cref="BurstDecision.HoldFor"/>, re-probe,
/// assess again with the larger <c>waitedSoFar</c>. On Clear or GiveUp: plan and send (a held path
/// holds the whole broadcast, since all copies share one effect instant).</item>
/// </list>
/// Stateless and thread-safe.
/// </summary>
public sealed class BurstDetector
{
    /// <summary>Creates a detector; <paramref name="options"/> defaults to <see cref="BurstDetectorOptions.Default"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Invalid options.</exception>
    public BurstDetector(BurstDetectorOptions? options = null)
    {
        Options = options ?? BurstDetectorOptions.Default;
        Options.Validate();
    }

    /// <summary>The tuning in use.</summary>
    public BurstDetectorOptions Options { get; }

    /// <summary>
    /// The RTT threshold above which a probe counts as late: estimated RTT + k × jitter + margin.
    /// <c>null</c> when the estimate has no value (nothing to judge against; skip the probe).
    /// </summary>
    public TimeSpan? LateAfter(LatencyEstimate estimate) =>
        estimate.HasValue ? TimeSpan.FromMilliseconds(ThresholdMs(estimate)) : null;

    /// <summary>Judges a pre-send probe.</summary>
    /// <param name="estimate">The path's current latency estimate.</param>
    /// <param name="probeRtt">The probe's RTT, or <c>null</c> if it was lost or not back within <see cref="LateAfter"/>.</param>
    /// <param name="waitedSoFar">How long this broadcast has already waited for its pre-send probes and holds.</param>
    /// <param name="sharedExcessMs">The delay all paths of the round share (<see cref="SharedExcessMs"/>): only what
    /// this path has beyond it can be a burst of its own.</param>
    public BurstDecision Assess(LatencyEstimate estimate, TimeSpan? probeRtt, TimeSpan waitedSoFar, double sharedExcessMs = 0)
    {
        if (!estimate.HasValue)
            return new BurstDecision(BurstVerdict.Clear, TimeSpan.Zero, 0);

        double shared = double.IsFinite(sharedExcessMs) && sharedExcessMs > 0 ? sharedExcessMs : 0;
        double excessMs = probeRtt is { } rtt ? rtt.TotalMilliseconds - estimate.RttMs : double.PositiveInfinity;
        bool late = probeRtt is not { } r || r.TotalMilliseconds > ThresholdMs(estimate) + shared;
        if (!late)
            return new BurstDecision(BurstVerdict.Clear, TimeSpan.Zero, excessMs);

        var budget = Options.MaxHold - waitedSoFar;
        if (budget <= TimeSpan.Zero)
            return new BurstDecision(BurstVerdict.GiveUp, TimeSpan.Zero, excessMs);

        // A probe E ms late met about E ms of queue; give it that long to drain, within bounds.
        // A lost probe says nothing about how long, so wait the longest re-probe interval.
        var wait = double.IsPositiveInfinity(excessMs)
            ? Options.MaxReprobeInterval
            : Clamp(TimeSpan.FromMilliseconds(excessMs - shared), Options.MinReprobeInterval, Options.MaxReprobeInterval);
        return new BurstDecision(BurstVerdict.Hold, wait < budget ? wait : budget, excessMs);
    }

    /// <summary>
    /// How late a round's probes may be together, in ms, before one of them counts as a burst of its own: the lower
    /// median of their delays beyond their estimates (early replies count as 0) plus the spread of the faster half below
    /// it (the fastest reply's distance from the median, mirrored above it), at most <paramref name="maxMs"/>. A burst
    /// is one link's; when many paths of a round are late together, the delay is the round's own (dozens of MPD servers
    /// answering at once on shared cores reply one after another: at 64 rooms a median of 37 paths per round were 2-8 ms
    /// late with jitters of 0.2 ms) or this host's, and holding the broadcast would not bring one path back in line with
    /// the others. The cap keeps a real burst that several rooms share (one access point) a burst. A lost probe's delay
    /// is +∞; paths with no estimate are left out; 0 for fewer than two paths; +∞ when most probes are lost. With a few
    /// quiet rooms and one in a burst the allowance is a fraction of a millisecond.
    /// </summary>
    public static double SharedExcessMs(IEnumerable<(LatencyEstimate Estimate, TimeSpan? ProbeRtt)> round, double maxMs = double.PositiveInfinity)
    {
        ArgumentNullException.ThrowIfNull(round);
        var excesses = round.Where(p => p.Estimate.HasValue)
            .Select(p => p.ProbeRtt is { } rtt ? Math.Max(0, rtt.TotalMilliseconds - p.Estimate.RttMs) : double.PositiveInfinity)
            .Order().ToList();
        if (excesses.Count < 2) return 0;
        var median = excesses[(excesses.Count - 1) / 2];
        return double.IsFinite(median) ? Math.Min(maxMs, median + (median - excesses[0])) : median;
    }

    private double ThresholdMs(LatencyEstimate estimate) =>
        estimate.RttMs + (Options.JitterMultiplier * estimate.JitterMs) + Options.MarginMs;

    private static TimeSpan Clamp(TimeSpan value, TimeSpan min, TimeSpan max) =>
        value < min ? min : value > max ? max : value;
}

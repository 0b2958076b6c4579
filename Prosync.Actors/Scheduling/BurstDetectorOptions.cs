namespace Prosync.Actors.Scheduling;

/// <summary>Tuning for <see cref="BurstDetector"/>; the benchmark weighs added command latency against skew.</summary>
public sealed record BurstDetectorOptions
{
    /// <summary>The defaults below.</summary>
    public static BurstDetectorOptions Default { get; } = new();

    /// <summary>k: a probe is late when its RTT exceeds the estimate by more than k × jitter + margin.</summary>
    public double JitterMultiplier { get; init; } = 3.0;

    /// <summary>Fixed part of the lateness threshold, in ms; covers a path whose jitter reads as 0.</summary>
    public double MarginMs { get; init; } = 1.0;

    /// <summary>Most a broadcast may wait for its pre-send probes (their rounds and the holds between them) before it is sent regardless.</summary>
    public TimeSpan MaxHold { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Most of a round's shared delay that is forgiven (<see cref="BurstDetector.SharedExcessMs"/>), in ms: above the
    /// 2-8 ms that 64 MPD servers answering one round on 2 cores take, below the 40-80 ms of a Wi-Fi burst that
    /// several rooms on one access point share.
    /// </summary>
    public double MaxSharedExcessMs { get; init; } = 10;

    /// <summary>Shortest wait before a re-probe.</summary>
    public TimeSpan MinReprobeInterval { get; init; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Longest wait before a re-probe; also the wait after a lost probe.</summary>
    public TimeSpan MaxReprobeInterval { get; init; } = TimeSpan.FromMilliseconds(30);

    /// <summary>Throws if a knob is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A knob is out of range.</exception>
    public void Validate()
    {
        if (!(JitterMultiplier >= 0 && double.IsFinite(JitterMultiplier)))
            throw new ArgumentOutOfRangeException(nameof(JitterMultiplier), JitterMultiplier, "must be finite and non-negative");
        if (!(MarginMs >= 0 && double.IsFinite(MarginMs)))
            throw new ArgumentOutOfRangeException(nameof(MarginMs), MarginMs, "must be finite and non-negative");
        if (MaxHold < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(MaxHold), MaxHold, "must not be negative");
        if (!(MaxSharedExcessMs >= 0))
            throw new ArgumentOutOfRangeException(nameof(MaxSharedExcessMs), MaxSharedExcessMs, "must be non-negative");
        if (MinReprobeInterval <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(MinReprobeInterval), MinReprobeInterval, "must be positive");
        if (MaxReprobeInterval < MinReprobeInterval)
            throw new ArgumentOutOfRangeException(nameof(MaxReprobeInterval), MaxReprobeInterval, "must be at least MinReprobeInterval");
    }
}

namespace Prosync.Actors.Continuity;

/// <summary>Tuning for <see cref="ClockRateTracker"/>.</summary>
public sealed record ClockRateOptions
{
    /// <summary>The defaults below.</summary>
    public static ClockRateOptions Default { get; } = new();

    /// <summary>Points older than this (behind the newest) are forgotten, in ms: sound-card clocks wander slowly with temperature.</summary>
    public double HistoryMs { get; init; } = 600_000;

    /// <summary>Two points make a slope only this far apart, in ms: over shorter spans the envelope's sub-ms noise swamps ppm.</summary>
    public double MinPairSpanMs { get; init; } = 10_000;

    /// <summary>The rate is known once the segments in the history span this much in total, in seconds.</summary>
    public double MinSpanSeconds { get; init; } = 30;

    /// <summary>
    /// Span of the peaks taken by <see cref="ClockRateTracker.Add(PositionEstimator)"/>, in ms:
    /// long enough for a peak to be within a fraction of a ms of the envelope (~35 clean reads),
    /// short enough that a segment between two corrections yields pairs 10 s apart.
    /// </summary>
    public double PeakSpanMs { get; init; } = 5_000;

    /// <summary>Points per segment that enter the pairwise slopes (evenly thinned beyond), which bounds the work to ~MaxPairPoints²/2 slopes.</summary>
    public int MaxPairPoints { get; init; } = 200;

    /// <summary>Throws if a knob is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A knob is out of range.</exception>
    public void Validate()
    {
        if (!(HistoryMs > 0 && double.IsFinite(HistoryMs)))
            throw new ArgumentOutOfRangeException(nameof(HistoryMs), HistoryMs, "must be finite and positive");
        if (!(MinPairSpanMs > 0 && MinPairSpanMs < HistoryMs))
            throw new ArgumentOutOfRangeException(nameof(MinPairSpanMs), MinPairSpanMs, "must be in (0, HistoryMs)");
        if (!(MinSpanSeconds >= 0 && double.IsFinite(MinSpanSeconds)))
            throw new ArgumentOutOfRangeException(nameof(MinSpanSeconds), MinSpanSeconds, "must be finite and non-negative");
        if (!(PeakSpanMs > 0 && double.IsFinite(PeakSpanMs)))
            throw new ArgumentOutOfRangeException(nameof(PeakSpanMs), PeakSpanMs, "must be finite and positive");
        if (MaxPairPoints < 2)
            throw new ArgumentOutOfRangeException(nameof(MaxPairPoints), MaxPairPoints, "must be at least 2");
    }
}

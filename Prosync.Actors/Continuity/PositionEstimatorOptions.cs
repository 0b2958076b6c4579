namespace Prosync.Actors.Continuity;

/// <summary>Tuning for <see cref="PositionEstimator"/>; the defaults are argued in the docs of each knob.</summary>
public sealed record PositionEstimatorOptions
{
    /// <summary>The defaults below.</summary>
    public static PositionEstimatorOptions Default { get; } = new();

    /// <summary>
    /// How far back samples count, in ms. The envelope's shortfall is about step / N for N clean
    /// samples, so a long window buys precision: 20 s holds ~150 clean reads at 10/s with a quarter
    /// of them in bursts (measured p95 |error| 0.9 ms for 23.2 ms steps, 1.6 ms for 46.4 ms steps). Drift inside
    /// the window is removed with the rate from <see cref="PositionEstimator.SetRate"/>
    /// (3 ppm of rate error is 0.06 ms over 20 s).
    /// </summary>
    public double WindowMs { get; init; } = 20_000;

    /// <summary>Play samples a segment needs before its estimate is valid.</summary>
    public int MinSamples { get; init; } = 12;

    /// <summary>Time a segment must span before its estimate is valid, in ms (spreads the probe phases over the chunk period).</summary>
    public double MinSpanMs { get; init; } = 1_500;

    /// <summary>
    /// A sample above the envelope by more than this (plus the rate allowance) is a forward jump (a seek). No clean
    /// sample can exceed the truth, but an output that takes MPD's chunks unevenly does move <c>elapsed</c> a chunk
    /// ahead now and then: MPD's <c>pipe</c> output, whose chunks pass through 4096-byte stdio writes, reports two at
    /// once every 1.46 s (BENCHMARKS.md, continuity). So the threshold is more than a chunk (23 ms); a seek by a
    /// client smaller than that is not told apart, and is then corrected as drift. The proxy's own corrections
    /// restart the estimate explicitly.
    /// </summary>
    public double JumpUpMs { get; init; } = 30;

    /// <summary>
    /// A sample below the envelope by more than this plus its own excess round trip (RTT − 2 ×
    /// one-way, which bounds how much network delay can have pulled it down) is "far below".
    /// Covers one step of 46 ms plus jitter, so only a real backward jump gets there.
    /// </summary>
    public double JumpDownMs { get; init; } = 80;

    /// <summary>Consecutive far-below reads that make a backward jump; one odd read is not enough.</summary>
    public int JumpDownReads { get; init; } = 3;

    /// <summary>
    /// A backward move too small for <see cref="JumpDownMs"/> (an output that restarted and settles lower, a room moved
    /// back by a few ms by someone else) would be held up by the window's older, higher samples for a whole window. So
    /// when each of the last <see cref="DeclineBins"/> bins of <see cref="DeclineBinMs"/> has its peak (the max of its
    /// reads: bursts only lower reads, so a bin's peak is its cleanest read) below the envelope of the older reads by
    /// more than this or <see cref="DeclineStepFraction"/> of the room's step, whichever is more, the music moved back:
    /// a new segment starts with those bins' reads. A false start costs precision (the window shrinks to 4.5 s and its
    /// max may be short by the bar), so the bar scales with the step: three bins hold ~33 clean reads (10/s, a quarter
    /// in bursts), whose max misses the top 0.4 of a step with probability 0.6^33 ≈ 5·10⁻⁸ per read.
    /// </summary>
    public double DeclineMs { get; init; } = 6;

    /// <summary>The decline bar as a fraction of the room's step (twice the older reads' max minus their median).</summary>
    public double DeclineStepFraction { get; init; } = 0.4;

    /// <summary>The bin length of the decline test, in ms: longer than the pipe output's 1.46 s sawtooth period, so every bin holds a peak.</summary>
    public double DeclineBinMs { get; init; } = 1_500;

    /// <summary>Bins in a row, all below, that make a decline.</summary>
    public int DeclineBins { get; init; } = 3;

    /// <summary>Reads a bin needs to count in the decline test.</summary>
    public int DeclineBinReads { get; init; } = 5;

    /// <summary>
    /// Rate error allowed for in the forward-jump test, in ppm: the envelope's sample may be up to a
    /// window old, and before the rate is known the drift since then is unknown.
    /// </summary>
    public double RateAllowancePpm { get; init; } = 200;

    /// <summary>
    /// The uncertainty is the max minus the <c>UncertaintyRank</c>-th largest detrended offset:
    /// with uniformly spread phases that gap holds rank − 1 spacings, and the max's shortfall
    /// exceeds it with probability 2^-(rank − 1). 9 (8 spacings) because truncation to the ms and
    /// jitter thicken the top: measured, the error stays within it 94–98 % of the time (5 covered
    /// only 70–85 %, and the planner acting on it paused the laggard itself on noise).
    /// </summary>
    public int UncertaintyRank { get; init; } = 9;

    /// <summary>
    /// Raise the envelope by one mean spacing of its top <see cref="UncertaintyRank"/> offsets,
    /// the expected shortfall of a max of uniform phases: the estimate becomes centred (and may
    /// then sit slightly above the truth) rather than a lower bound.
    /// </summary>
    public bool CorrectShortfall { get; init; } = true;

    /// <summary>
    /// How far a commanded move may miss, in ms: added to the uncertainty of an estimate carried
    /// across <see cref="PositionEstimator.Restart"/> with an expected shift (timing of the pause
    /// and resume commands, MPD's output latency).
    /// </summary>
    public double ShiftToleranceMs { get; init; } = 1;

    /// <summary>Throws if a knob is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A knob is out of range.</exception>
    public void Validate()
    {
        if (!(WindowMs > 0 && double.IsFinite(WindowMs)))
            throw new ArgumentOutOfRangeException(nameof(WindowMs), WindowMs, "must be finite and positive");
        if (MinSamples < 1)
            throw new ArgumentOutOfRangeException(nameof(MinSamples), MinSamples, "must be at least 1");
        if (!(MinSpanMs >= 0 && MinSpanMs < WindowMs))
            throw new ArgumentOutOfRangeException(nameof(MinSpanMs), MinSpanMs, "must be in [0, WindowMs)");
        if (!(JumpUpMs > 0 && double.IsFinite(JumpUpMs)))
            throw new ArgumentOutOfRangeException(nameof(JumpUpMs), JumpUpMs, "must be finite and positive");
        if (!(JumpDownMs > 0 && double.IsFinite(JumpDownMs)))
            throw new ArgumentOutOfRangeException(nameof(JumpDownMs), JumpDownMs, "must be finite and positive");
        if (JumpDownReads < 1)
            throw new ArgumentOutOfRangeException(nameof(JumpDownReads), JumpDownReads, "must be at least 1");
        if (!(RateAllowancePpm >= 0 && double.IsFinite(RateAllowancePpm)))
            throw new ArgumentOutOfRangeException(nameof(RateAllowancePpm), RateAllowancePpm, "must be finite and non-negative");
        if (!(ShiftToleranceMs >= 0 && double.IsFinite(ShiftToleranceMs)))
            throw new ArgumentOutOfRangeException(nameof(ShiftToleranceMs), ShiftToleranceMs, "must be finite and non-negative");
        if (!(DeclineMs > 0 && double.IsFinite(DeclineMs)))
            throw new ArgumentOutOfRangeException(nameof(DeclineMs), DeclineMs, "must be finite and positive");
        if (!(DeclineBinMs > 0 && DeclineBinMs * DeclineBins < WindowMs))
            throw new ArgumentOutOfRangeException(nameof(DeclineBinMs), DeclineBinMs, "must be positive, and DeclineBins of them shorter than WindowMs");
        if (DeclineBins < 1 || DeclineBinReads < 1)
            throw new ArgumentOutOfRangeException(nameof(DeclineBins), DeclineBins, "DeclineBins and DeclineBinReads must be at least 1");
        if (UncertaintyRank < 2)
            throw new ArgumentOutOfRangeException(nameof(UncertaintyRank), UncertaintyRank, "must be at least 2");
    }
}

namespace Prosync.Actors.Continuity;

/// <summary>Tuning for <see cref="CorrectionPlanner"/>; see its remarks for how the knobs interact.</summary>
public sealed record CorrectionOptions
{
    /// <summary>The defaults below.</summary>
    public static CorrectionOptions Default { get; } = new();

    /// <summary>A room ahead of the target by more than this is paused, in ms.</summary>
    public double TriggerMs { get; init; } = 1.5;

    /// <summary>A room behind the median by more than this is seeked to it instead of making everyone else wait, in ms.</summary>
    public double MaxPauseMs { get; init; } = 250;

    /// <summary>Pauses shorter than this are not worth an MPD round trip, in ms.</summary>
    public double MinPauseMs { get; init; } = 0.5;

    /// <summary>
    /// Most extra pause for a room that gains on the target, in ms (it lands this far behind and
    /// drifts through zero). 1.5 rather than 1.0: a room 100 ppm fast must lose 6 ms a minute, so
    /// two pauses a minute need a swing of trigger + overshoot ≥ 3 ms.
    /// </summary>
    public double OvershootMaxMs { get; init; } = 1.5;

    /// <summary>The time between corrections that the overshoot aims for, in ms: overshoot = relative drift over half of it.</summary>
    public double HorizonMs { get; init; } = 30_000;

    /// <summary>With rates known, a room is corrected now when its predicted error this far ahead (the next round) exceeds the trigger, in ms.</summary>
    public double LookaheadMs { get; init; } = 2_000;

    /// <summary>A room is not corrected again this soon (its estimate restarts and must settle), in ms.</summary>
    public double MinIntervalMs { get; init; } = 5_000;

    /// <summary>Errors above this are corrected even within <see cref="MinIntervalMs"/>, in ms.</summary>
    public double UrgentMs { get; init; } = 10;

    /// <summary>
    /// Gate a pause on the error exceeding √(u_room² + u_target²) rather than u_room + u_target:
    /// the two estimates' errors are independent, and the plain sum held pauses back until the
    /// spread's p95 grew from ~2.9 to ~3.5 ms in the closed-loop simulation.
    /// </summary>
    public bool CombineUncertaintiesInQuadrature { get; init; } = true;

    /// <summary>Throws if a knob is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A knob is out of range.</exception>
    public void Validate()
    {
        Check(TriggerMs, nameof(TriggerMs));
        Check(MaxPauseMs, nameof(MaxPauseMs));
        Check(MinPauseMs, nameof(MinPauseMs));
        Check(OvershootMaxMs, nameof(OvershootMaxMs));
        Check(HorizonMs, nameof(HorizonMs));
        Check(LookaheadMs, nameof(LookaheadMs));
        Check(MinIntervalMs, nameof(MinIntervalMs));
        Check(UrgentMs, nameof(UrgentMs));
        if (MaxPauseMs <= TriggerMs)
            throw new ArgumentOutOfRangeException(nameof(MaxPauseMs), MaxPauseMs, "must exceed TriggerMs");
    }

    private static void Check(double value, string name)
    {
        if (!(value >= 0 && double.IsFinite(value)))
            throw new ArgumentOutOfRangeException(name, value, "must be finite and non-negative");
    }
}

namespace Prosync.Actors.Scheduling;

/// <summary>
/// The outcome of <see cref="BurstDetector.Assess"/>.
/// </summary>
/// <param name="Verdict">Clear, hold, or give up.</param>
/// <param name="HoldFor">How long to wait before re-probing; zero unless <see cref="BurstVerdict.Hold"/>.</param>
/// <param name="ExcessMs">
/// Probe RTT minus the estimated RTT, in ms (negative when early); +∞ for a lost probe; 0 with no estimate.
/// </param>
public readonly record struct BurstDecision(BurstVerdict Verdict, TimeSpan HoldFor, double ExcessMs)
{
    /// <summary>True when the broadcast may go now (<see cref="BurstVerdict.Clear"/> or <see cref="BurstVerdict.GiveUp"/>).</summary>
    public bool ShouldSend => Verdict != BurstVerdict.Hold;

    /// <summary>True when the probe was late or lost.</summary>
    public bool InBurst => Verdict != BurstVerdict.Clear;
}

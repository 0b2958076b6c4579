namespace Prosync.Actors.Scheduling;

/// <summary>What the pre-send probe says about a path.</summary>
public enum BurstVerdict
{
    /// <summary>The probe was on time (or there is no estimate to judge it by): send as planned.</summary>
    Clear,

    /// <summary>The path is in a burst: hold the broadcast for <see cref="BurstDecision.HoldFor"/>, then re-probe.</summary>
    Hold,

    /// <summary>Still in a burst but the hold budget is spent: send anyway (and count it).</summary>
    GiveUp,
}

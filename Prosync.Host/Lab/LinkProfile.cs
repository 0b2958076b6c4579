namespace Prosync.Host.Lab;

/// <summary>
/// How one network link misbehaves, applied independently to each direction of a relayed
/// connection. A "segment" is one chunk the relay read from a socket in one receive.
/// </summary>
/// <remarks>
/// The kernel here has no netem, so this is the whole latency model the benchmark and the
/// tests rely on. Delay of a segment = <see cref="BaseDelayMs"/> + jitter + burst extra
/// (if a burst holds it), then clamped so it is never delivered before the previous segment
/// (TCP never reorders). All zero is a transparent relay.
/// </remarks>
public sealed record LinkProfile
{
    /// <summary>One-way delay every segment gets, in each direction (so RTT ≥ 2 × this).</summary>
    public double BaseDelayMs { get; init; }

    /// <summary>
    /// Random extra per segment, drawn uniformly from [0, 2 × JitterMs): its mean is exactly
    /// <c>JitterMs</c> and it is bounded, so long tails come only from bursts, which are
    /// modelled explicitly.
    /// </summary>
    public double JitterMs { get; init; }

    /// <summary>Chance (0..1) that a segment arriving outside a burst starts a new burst.</summary>
    public double BurstProbability { get; init; }

    /// <summary>Lower bound of a burst's extra delay (uniform in [min, max], one draw per burst).</summary>
    public double BurstExtraMsMin { get; init; }

    /// <summary>Upper bound of a burst's extra delay; 40–80 ms looks like a TCP retransmission timeout.</summary>
    public double BurstExtraMsMax { get; init; }

    /// <summary>
    /// Bursts are correlated: every segment arriving within this window after the burst's first
    /// segment is held by the same extra, so a probe sent during a burst sees it too. Zero means
    /// only the first segment is delayed (in-order delivery still holds whatever queues behind it).
    /// </summary>
    public double BurstDurationMs { get; init; }

    /// <summary>
    /// Gilbert–Elliott link bursts (see <see cref="GilbertElliottLink"/>): mean length of a bad
    /// spell, in ms. While the link is bad, every segment on every connection of the relay, in
    /// both directions, gets the spell's extra delay, drawn once per spell in
    /// [<see cref="BurstExtraMsMin"/>, <see cref="BurstExtraMsMax"/>]. Zero (the default) turns
    /// the model off. Independent of <see cref="BurstProbability"/>, which draws per direction.
    /// </summary>
    public double BadSpellMeanMs { get; init; }

    /// <summary>
    /// Gilbert–Elliott: mean length of a good spell, in ms. The link is bad a fraction
    /// <c>BadSpellMeanMs / (BadSpellMeanMs + GoodSpellMeanMs)</c> of the time, so that share of
    /// segments arriving at random instants is hit. Must be positive when <see cref="BadSpellMeanMs"/> is.
    /// </summary>
    public double GoodSpellMeanMs { get; init; }

    /// <summary>True when the profile has Gilbert–Elliott link bursts.</summary>
    public bool HasLinkBursts => BadSpellMeanMs > 0;
}

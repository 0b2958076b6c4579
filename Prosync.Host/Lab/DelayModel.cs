namespace Prosync.Host.Lab;

/// <summary>
/// The delay of one direction of a link, as a pure function of a <see cref="LinkProfile"/>,
/// a seed and the arrival times of segments: no clock, no sockets, so it is unit-tested on its
/// own and a run can be replayed exactly from its seed.
/// </summary>
/// <remarks>
/// Per segment: base + uniform jitter in [0, 2·jitter) + the current burst's extra if a burst
/// holds it. A segment arriving outside a burst starts one with <see cref="LinkProfile.BurstProbability"/>;
/// the burst draws one extra in [min, max] and holds every segment arriving within
/// <see cref="LinkProfile.BurstDurationMs"/> of its start (a lost segment waiting for its
/// retransmission timeout, and the lossy spell around it). Finally the delivery time is clamped
/// to be no earlier than the previous one: TCP delivers in order, so a held segment also holds
/// everything behind it. Not thread-safe: one instance per direction, called by its one reader.
/// A profile with <see cref="LinkProfile.HasLinkBursts"/> also adds the extra of the shared
/// <see cref="GilbertElliottLink"/> (the link's bad spells, seen by every direction alike), before
/// the same in-order clamp.
/// </remarks>
public sealed class DelayModel
{
    private readonly Random _random;
    private readonly GilbertElliottLink? _link;
    private LinkProfile _profile;
    private TimeSpan _lastDelivery = TimeSpan.MinValue;
    private TimeSpan _burstEnd = TimeSpan.MinValue;
    private double _burstExtraMs;

    /// <summary>Creates a model; the same profile, seed and arrivals always give the same deliveries.</summary>
    /// <param name="profile">The link's behaviour.</param>
    /// <param name="seed">Seeds this direction's jitter and per-direction bursts.</param>
    /// <param name="link">
    /// The link's shared Gilbert–Elliott process, applied while the profile has
    /// <see cref="LinkProfile.HasLinkBursts"/>; null: none (then such a profile gets one of its own, seeded by <paramref name="seed"/>).
    /// </param>
    public DelayModel(LinkProfile profile, int seed, GilbertElliottLink? link = null)
    {
        Validate(profile);
        _profile = profile;
        _random = new Random(seed);
        _link = link ?? (profile.HasLinkBursts ? new GilbertElliottLink(profile, unchecked(seed ^ 0x5EED)) : null);
    }

    /// <summary>The profile applied to segments from now on (a burst in progress keeps its extra).</summary>
    public LinkProfile Profile
    {
        get => _profile;
        set
        {
            Validate(value);
            _profile = value;
        }
    }

    /// <summary>
    /// When a segment that arrived at <paramref name="arrival"/> may be delivered. Arrivals are
    /// expected in non-decreasing order; the result is never earlier than the previous result.
    /// </summary>
    public TimeSpan DeliveryTime(TimeSpan arrival)
    {
        var p = _profile;
        double delayMs = p.BaseDelayMs;
        if (p.JitterMs > 0)
            delayMs += _random.NextDouble() * 2 * p.JitterMs;

        bool held = arrival < _burstEnd;
        if (!held && p.BurstProbability > 0 && _random.NextDouble() < p.BurstProbability)
        {
            _burstEnd = arrival + FromMs(p.BurstDurationMs);
            _burstExtraMs = p.BurstExtraMsMin + _random.NextDouble() * (p.BurstExtraMsMax - p.BurstExtraMsMin);
            held = true;
        }
        if (held)
            delayMs += _burstExtraMs;
        if (p.HasLinkBursts && _link is not null)
            delayMs += _link.ExtraMs(arrival);

        var due = arrival + FromMs(delayMs);
        if (due < _lastDelivery)
            due = _lastDelivery;
        _lastDelivery = due;
        return due;
    }

    /// <summary>Rejects profiles that would make the model meaningless (negative delays, p ∉ [0,1], min &gt; max).</summary>
    public static void Validate(LinkProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        static void NonNegative(double v, string name)
        {
            if (!(v >= 0) || double.IsInfinity(v))
                throw new ArgumentOutOfRangeException(name, v, "must be a finite, non-negative number");
        }
        NonNegative(profile.BaseDelayMs, nameof(LinkProfile.BaseDelayMs));
        NonNegative(profile.JitterMs, nameof(LinkProfile.JitterMs));
        NonNegative(profile.BurstExtraMsMin, nameof(LinkProfile.BurstExtraMsMin));
        NonNegative(profile.BurstExtraMsMax, nameof(LinkProfile.BurstExtraMsMax));
        NonNegative(profile.BurstDurationMs, nameof(LinkProfile.BurstDurationMs));
        NonNegative(profile.BadSpellMeanMs, nameof(LinkProfile.BadSpellMeanMs));
        NonNegative(profile.GoodSpellMeanMs, nameof(LinkProfile.GoodSpellMeanMs));
        if (profile.HasLinkBursts && !(profile.GoodSpellMeanMs > 0))
            throw new ArgumentOutOfRangeException(nameof(LinkProfile.GoodSpellMeanMs), profile.GoodSpellMeanMs, "must be positive when BadSpellMeanMs is");
        if (!(profile.BurstProbability is >= 0 and <= 1))
            throw new ArgumentOutOfRangeException(nameof(LinkProfile.BurstProbability), profile.BurstProbability, "must be in [0, 1]");
        if (profile.BurstExtraMsMin > profile.BurstExtraMsMax)
            throw new ArgumentException("BurstExtraMsMin must not exceed BurstExtraMsMax", nameof(profile));
    }

    private static TimeSpan FromMs(double ms) => TimeSpan.FromTicks((long)Math.Round(ms * TimeSpan.TicksPerMillisecond));
}

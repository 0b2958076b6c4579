namespace Prosync.Host.Lab;

/// <summary>
/// Gilbert–Elliott bursts of one link: a two-state (good/bad) Markov process in continuous time,
/// shared by every direction of every connection through one relay, as a Wi-Fi link in a bad spell
/// delays all the flows on it. Sojourns are exponential with the profile's
/// <see cref="LinkProfile.GoodSpellMeanMs"/> and <see cref="LinkProfile.BadSpellMeanMs"/>; each bad
/// spell draws one extra delay, uniform in [<see cref="LinkProfile.BurstExtraMsMin"/>,
/// <see cref="LinkProfile.BurstExtraMsMax"/>], that every segment arriving during it gets.
/// </summary>
/// <remarks>
/// The schedule of spells is a pure function of the seed, laid out from the first arrival asked
/// about (the origin), which starts in the bad state with the stationary probability; so the same
/// seed and the same arrivals (relative to the first) always give the same extras, whichever
/// direction asks first. Arrivals may come slightly out of order from different readers; an
/// arrival before the origin counts as at the origin. Thread-safe.
/// </remarks>
public sealed class GilbertElliottLink
{
    private static readonly TimeSpan History = TimeSpan.FromSeconds(10);

    private readonly Lock _gate = new();
    private readonly Random _random;
    private readonly double _goodMeanMs;
    private readonly double _badMeanMs;
    private readonly double _extraMinMs;
    private readonly double _extraMaxMs;
    private readonly List<Spell> _badSpells = [];
    private TimeSpan? _origin;
    private TimeSpan _scheduledUntil;
    private bool _nextIsBad;

    /// <summary>Creates the link's burst process from a profile with <see cref="LinkProfile.HasLinkBursts"/>.</summary>
    /// <exception cref="ArgumentException">The profile has no link bursts, or it is invalid.</exception>
    public GilbertElliottLink(LinkProfile profile, int seed)
    {
        DelayModel.Validate(profile);
        if (!profile.HasLinkBursts)
            throw new ArgumentException("The profile has no Gilbert–Elliott bursts (BadSpellMeanMs is 0).", nameof(profile));
        _goodMeanMs = profile.GoodSpellMeanMs;
        _badMeanMs = profile.BadSpellMeanMs;
        _extraMinMs = profile.BurstExtraMsMin;
        _extraMaxMs = profile.BurstExtraMsMax;
        _random = new Random(seed);
    }

    /// <summary>The long-run share of time the link is bad: bad mean / (bad mean + good mean).</summary>
    public static double BadFraction(LinkProfile profile) =>
        profile.HasLinkBursts ? profile.BadSpellMeanMs / (profile.BadSpellMeanMs + profile.GoodSpellMeanMs) : 0;

    /// <summary>The extra delay, in ms, of a segment arriving at <paramref name="arrival"/>: the bad spell's extra, or 0 when the link is good.</summary>
    public double ExtraMs(TimeSpan arrival)
    {
        lock (_gate)
        {
            if (_origin is not { } origin)
            {
                _origin = origin = arrival;
                _scheduledUntil = arrival;
                _nextIsBad = _random.NextDouble() < _badMeanMs / (_badMeanMs + _goodMeanMs);
            }
            if (arrival < origin)
                arrival = origin;
            while (_scheduledUntil <= arrival)
                ScheduleNext();

            // Forget spells that no arrival can still fall into (readers lag each other by far less).
            int stale = 0;
            while (stale < _badSpells.Count && _badSpells[stale].End < arrival - History)
                stale++;
            if (stale > 0)
                _badSpells.RemoveRange(0, stale);

            for (int i = _badSpells.Count - 1; i >= 0; i--)
            {
                var spell = _badSpells[i];
                if (arrival >= spell.End)
                    return 0;
                if (arrival >= spell.Start)
                    return spell.ExtraMs;
            }
            return 0;
        }
    }

    private void ScheduleNext()
    {
        bool bad = _nextIsBad;
        double meanMs = bad ? _badMeanMs : _goodMeanMs;
        var length = FromMs(-Math.Log(1 - _random.NextDouble()) * meanMs);
        if (length <= TimeSpan.Zero)
            length = TimeSpan.FromTicks(1);
        var start = _scheduledUntil;
        _scheduledUntil = start + length;
        if (bad)
        {
            double extra = _extraMinMs + (_random.NextDouble() * (_extraMaxMs - _extraMinMs));
            _badSpells.Add(new Spell(start, _scheduledUntil, extra));
        }
        _nextIsBad = !bad;
    }

    private static TimeSpan FromMs(double ms) => TimeSpan.FromTicks((long)Math.Round(ms * TimeSpan.TicksPerMillisecond));

    private readonly record struct Spell(TimeSpan Start, TimeSpan End, double ExtraMs);
}

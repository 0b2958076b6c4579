using System.Diagnostics;
using Prosync.Host.Lab;

namespace Prosync.Bench.Lab;

/// <summary>
/// Link-level correlated bursts, driven from outside the relay. <see cref="LatencyRelay"/> draws bursts per
/// connection and direction (one <see cref="DelayModel"/> each), so the proxy's probe connection and its command
/// connection to the same room never share a burst. A Wi-Fi link in a bad spell delays every flow on it; this
/// driver models that: bursts start as a Poisson process per link and, for their duration, add one extra delay
/// to every segment on every connection of that relay, both directions (the relay's in-order clamp then holds
/// what queues behind them, as TCP would).
/// </summary>
/// <remarks>
/// Rate: a segment sent at a random instant must meet a burst with probability <c>BurstProbability</c> (the
/// profile's "2–10 % of segments"). A burst delays what arrives during its <c>BurstDurationMs</c> and, through the
/// relay's in-order clamp, what arrives up to its extra delay after it; so bursts start (Poisson) at
/// <c>BurstProbability / (BurstDurationMs + mean extra)</c> per second: 0.13/s on the best wifi link, 0.63/s on the worst.
/// One thread toggles <see cref="LatencyRelay.Profile"/> (±1 ms, which is small against 100 ms bursts).
/// </remarks>
public sealed class LinkBurstDriver : IDisposable
{
    private readonly IReadOnlyList<LatencyRelay> _relays;
    private readonly IReadOnlyList<LinkProfile> _profiles;
    private readonly Random _random;
    private readonly Thread _thread;
    private readonly List<LinkBurst> _bursts = [];
    private readonly Lock _gate = new();
    private volatile bool _stopping;

    /// <param name="profiles">Each link's profile including its burst parameters; the relays must run the same profile without bursts.</param>
    public LinkBurstDriver(IReadOnlyList<LatencyRelay> relays, IReadOnlyList<LinkProfile> profiles, int seed)
    {
        _relays = relays;
        _profiles = profiles;
        _random = new Random(seed);
        _thread = new Thread(Run) { IsBackground = true, Name = "bench-link-bursts" };
        _thread.Start();
    }

    /// <summary>The relay profile that goes with a burst-driven link: the same, minus the per-segment bursts.</summary>
    public static LinkProfile Calm(LinkProfile profile) => profile with { BurstProbability = 0 };

    public IReadOnlyList<LinkBurst> Bursts
    {
        get
        {
            lock (_gate)
            {
                return _bursts.ToList();
            }
        }
    }

    private void Run()
    {
        var now = Stopwatch.GetTimestamp();
        var nextStart = _profiles.Select(p => now + NextGap(p)).ToArray();
        var endAt = new long[_relays.Count];
        var extra = new double[_relays.Count];
        var startedAt = new long[_relays.Count];
        while (!_stopping)
        {
            now = Stopwatch.GetTimestamp();
            for (var i = 0; i < _relays.Count; i++)
            {
                var p = _profiles[i];
                if (endAt[i] != 0 && now >= endAt[i])
                {
                    _relays[i].Profile = Calm(p);
                    lock (_gate)
                    {
                        _bursts.Add(new LinkBurst(i, startedAt[i], now, extra[i]));
                    }

                    endAt[i] = 0;
                    nextStart[i] = now + NextGap(p);
                }
                else if (endAt[i] == 0 && now >= nextStart[i])
                {
                    extra[i] = p.BurstExtraMsMin + (_random.NextDouble() * (p.BurstExtraMsMax - p.BurstExtraMsMin));
                    _relays[i].Profile = Calm(p) with { BaseDelayMs = p.BaseDelayMs + extra[i] };
                    startedAt[i] = now;
                    endAt[i] = now + (long)(p.BurstDurationMs / 1000 * Stopwatch.Frequency);
                }
            }

            Thread.Sleep(1);
        }

        for (var i = 0; i < _relays.Count; i++)
        {
            _relays[i].Profile = Calm(_profiles[i]);
        }
    }

    private long NextGap(LinkProfile p)
    {
        var rate = p.BurstProbability / ((p.BurstDurationMs + ((p.BurstExtraMsMin + p.BurstExtraMsMax) / 2)) / 1000);
        if (rate <= 0)
        {
            return long.MaxValue / 4;
        }

        var seconds = -Math.Log(1 - _random.NextDouble()) / rate;
        return (long)(seconds * Stopwatch.Frequency);
    }

    public void Dispose()
    {
        _stopping = true;
        _thread.Join();
    }
}

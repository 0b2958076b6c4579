using Prosync.Host.Lab;
using Xunit.Abstractions;

namespace Prosync.Actors.Tests.Relay;

/// <summary>The Gilbert–Elliott link bursts of the relay, as pure functions of a seed and arrival times.</summary>
public class GilbertElliottLinkTests(ITestOutputHelper output)
{
    private static readonly LinkProfile Bursty = LinkProfiles.WifiBursty(3, 4);

    private static TimeSpan Ms(double ms) => TimeSpan.FromTicks((long)Math.Round(ms * TimeSpan.TicksPerMillisecond));

    /// <summary>The link's extra at every millisecond of <paramref name="seconds"/>.</summary>
    private static double[] ExtrasPerMs(GilbertElliottLink link, int seconds) =>
        Enumerable.Range(0, seconds * 1000).Select(t => link.ExtraMs(Ms(t))).ToArray();

    [Fact]
    public void The_link_is_bad_the_stationary_share_of_the_time_with_extras_in_range()
    {
        var extras = ExtrasPerMs(new GilbertElliottLink(Bursty, seed: 1), seconds: 2000);   // ~3300 spells
        double bad = extras.Count(e => e > 0) / (double)extras.Length;
        Assert.InRange(bad, 0.25 - 0.02, 0.25 + 0.02);                                   // se ≈ 0.005
        Assert.All(extras.Where(e => e > 0), e => Assert.InRange(e, 40, 80));
    }

    [Fact]
    public void Spells_have_the_profile_mean_lengths_and_one_extra_each()
    {
        var extras = ExtrasPerMs(new GilbertElliottLink(Bursty, seed: 2), seconds: 2000);
        var bad = new List<int>();
        var good = new List<int>();
        var spellExtras = new List<double>();
        for (int i = 0, start = 0; i <= extras.Length; i++)
        {
            if (i < extras.Length && i > start && (extras[i] > 0) == (extras[start] > 0) && extras[i] == extras[start])
                continue;
            if (i > start && start > 0 && i < extras.Length)                            // whole spells only
            {
                (extras[start] > 0 ? bad : good).Add(i - start);
                if (extras[start] > 0)
                    spellExtras.Add(extras[start]);
            }
            start = i;
        }

        Assert.InRange(bad.Average(), 150 * 0.92, 150 * 1.08);                          // exponential: se ≈ 150/√3300 ≈ 2.6
        Assert.InRange(good.Average(), 450 * 0.92, 450 * 1.08);
        Assert.InRange(spellExtras.Average(), 60 - 1.5, 60 + 1.5);                      // uniform 40–80: se ≈ 0.2
        Assert.InRange(bad.Count(n => n > 300) / (double)bad.Count, 0.13 - 0.03, 0.13 + 0.03); // e^-2: memoryless lengths
    }

    [Fact]
    public void The_same_seed_replays_the_same_spells_relative_to_the_first_arrival_and_another_seed_does_not()
    {
        static double[] Run(int seed, double originMs)
        {
            var link = new GilbertElliottLink(Bursty, seed);
            return Enumerable.Range(0, 20_000).Select(i => link.ExtraMs(Ms(originMs + (i * 3.0)))).ToArray();
        }

        Assert.Equal(Run(42, 0), Run(42, 0));
        Assert.Equal(Run(42, 0), Run(42, 123_456));
        Assert.NotEqual(Run(42, 0), Run(43, 0));
    }

    [Fact]
    public void Arrivals_slightly_out_of_order_see_the_spell_they_fell_in()
    {
        var forward = new GilbertElliottLink(Bursty, seed: 5);
        var times = Enumerable.Range(0, 30_000).Select(i => Ms(i * 2.0)).ToArray();
        var expected = times.Select(forward.ExtraMs).ToArray();

        var shuffled = new GilbertElliottLink(Bursty, seed: 5);
        Assert.Equal(0, shuffled.ExtraMs(times[0]) - expected[0]);
        var rng = new Random(5);
        for (int i = 1; i < times.Length; i++)
        {
            int j = Math.Max(1, i - rng.Next(0, 50));                                   // up to 100 ms behind the latest
            Assert.Equal(expected[j], shuffled.ExtraMs(times[j]));
            Assert.Equal(expected[i], shuffled.ExtraMs(times[i]));
        }
    }

    [Fact]
    public void At_least_a_quarter_of_the_probe_round_trips_of_the_bursty_link_are_hit_and_tcp_order_holds()
    {
        // The proxy's probe: a ping every 100 ms up, MPD answers at once, the reply comes down; both
        // directions share the link's process, as on the relay.
        var link = new GilbertElliottLink(Bursty, seed: 9);
        var up = new DelayModel(Bursty, seed: 18, link);
        var down = new DelayModel(Bursty, seed: 19, link);
        const int probes = 30_000;
        int hit = 0;
        var lastUp = TimeSpan.MinValue;
        var lastDown = TimeSpan.MinValue;
        for (int i = 0; i < probes; i++)
        {
            var sent = Ms(i * 100.0);
            var atServer = up.DeliveryTime(sent);
            var back = down.DeliveryTime(atServer + Ms(0.05));
            Assert.True(atServer >= lastUp && back >= lastDown, "a segment overtook the one before it");
            lastUp = atServer;
            lastDown = back;
            double excess = (back - sent).TotalMilliseconds - (2 * Bursty.BaseDelayMs) - 0.05;
            Assert.InRange(excess, 0, 4 * Bursty.JitterMs + (2 * Bursty.BurstExtraMsMax) + 100);
            if (excess >= Bursty.BurstExtraMsMin)
                hit++;                                                                   // jitter alone stays under 12 ms
        }

        double share = hit / (double)probes;
        output.WriteLine($"probe round trips hit by a bad spell: {share:P1}");
        Assert.InRange(share, 0.25, 0.36);                                               // ≈ 0.25 + 0.75·(1 − e^(−38/450)) ≈ 0.31
    }

    [Fact]
    public void A_relay_direction_without_a_shared_link_gets_its_own_and_a_profile_without_bursts_none()
    {
        var own = new DelayModel(Bursty, seed: 3);
        int hit = Enumerable.Range(0, 20_000).Count(i => (own.DeliveryTime(Ms(i * 100.0)) - Ms(i * 100.0)).TotalMilliseconds > 35 + 6 + 1);
        Assert.InRange(hit / 20_000.0, 0.2, 0.3);

        var calm = new DelayModel(Bursty with { BadSpellMeanMs = 0 }, seed: 3);
        Assert.All(Enumerable.Range(0, 2000), i => Assert.InRange((calm.DeliveryTime(Ms(i * 100.0)) - Ms(i * 100.0)).TotalMilliseconds, 35, 41));
    }

    [Fact]
    public void Bad_spells_need_good_spells_to_alternate_with()
    {
        Assert.ThrowsAny<ArgumentException>(() => DelayModel.Validate(Bursty with { GoodSpellMeanMs = 0 }));
        Assert.ThrowsAny<ArgumentException>(() => DelayModel.Validate(Bursty with { BadSpellMeanMs = -1 }));
        Assert.ThrowsAny<ArgumentException>(() => new GilbertElliottLink(LinkProfiles.Wifi(3, 4), 1));
    }
}

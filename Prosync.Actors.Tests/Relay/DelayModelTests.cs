using Prosync.Host.Lab;

namespace Prosync.Actors.Tests.Relay;

public class DelayModelTests
{
    private static TimeSpan Ms(double ms) => TimeSpan.FromTicks((long)Math.Round(ms * TimeSpan.TicksPerMillisecond));

    private static double[] ExtraDelaysMs(DelayModel model, double spacingMs, int count, double baseMs)
    {
        var extras = new double[count];
        for (int i = 0; i < count; i++)
        {
            var arrival = Ms(i * spacingMs);
            extras[i] = (model.DeliveryTime(arrival) - arrival).TotalMilliseconds - baseMs;
        }
        return extras;
    }

    [Fact]
    public void A_zero_profile_delivers_at_arrival()
    {
        var model = new DelayModel(LinkProfiles.None, seed: 1);
        foreach (var t in new[] { 0.0, 0.5, 3, 3, 100 })
            Assert.Equal(Ms(t), model.DeliveryTime(Ms(t)));
    }

    [Fact]
    public void The_same_seed_replays_the_same_deliveries_and_another_seed_does_not()
    {
        var profile = LinkProfiles.Wifi(3, 4);
        static TimeSpan[] Run(LinkProfile p, int seed)
        {
            var m = new DelayModel(p, seed);
            return Enumerable.Range(0, 2000).Select(i => m.DeliveryTime(TimeSpan.FromMilliseconds(i * 7))).ToArray();
        }
        Assert.Equal(Run(profile, 42), Run(profile, 42));
        Assert.NotEqual(Run(profile, 42), Run(profile, 43));
    }

    [Fact]
    public void Deliveries_never_go_backwards_and_never_beat_the_base_delay()
    {
        var profile = new LinkProfile { BaseDelayMs = 5, JitterMs = 4, BurstProbability = 0.05, BurstExtraMsMin = 40, BurstExtraMsMax = 80, BurstDurationMs = 30 };
        var model = new DelayModel(profile, seed: 7);
        var rng = new Random(7);
        var arrival = TimeSpan.Zero;
        var previous = TimeSpan.MinValue;
        for (int i = 0; i < 50_000; i++)
        {
            arrival += Ms(rng.NextDouble() * rng.NextDouble() * 20); // dense, bursty arrivals, sometimes simultaneous
            var due = model.DeliveryTime(arrival);
            Assert.True(due >= previous, $"segment {i} reordered: {due} < {previous}");
            Assert.True(due >= arrival + Ms(5), $"segment {i} beat the base delay");
            previous = due;
        }
    }

    [Fact]
    public void Jitter_is_uniform_in_zero_to_twice_the_jitter_so_its_mean_is_the_jitter()
    {
        var model = new DelayModel(new LinkProfile { BaseDelayMs = 10, JitterMs = 3 }, seed: 11);
        var extras = ExtraDelaysMs(model, spacingMs: 1000, count: 20_000, baseMs: 10);
        Assert.All(extras, e => Assert.InRange(e, 0, 6));
        Assert.InRange(extras.Average(), 2.95, 3.05);           // standard error ≈ 0.012
        Assert.InRange(extras.Count(e => e < 3) / 20_000.0, 0.48, 0.52);
    }

    [Fact]
    public void Sparse_segments_start_bursts_at_the_profile_probability_with_extra_uniform_in_min_to_max()
    {
        var profile = new LinkProfile { BaseDelayMs = 10, JitterMs = 1, BurstProbability = 0.05, BurstExtraMsMin = 40, BurstExtraMsMax = 80, BurstDurationMs = 100 };
        const int n = 40_000;
        var extras = ExtraDelaysMs(new DelayModel(profile, seed: 3), spacingMs: 1000, count: n, baseMs: 10); // spacing > duration + extra: bursts are independent

        var held = extras.Where(e => e >= 40).ToArray();         // jitter alone is < 2 ms
        Assert.All(extras.Where(e => e < 40), e => Assert.InRange(e, 0, 2));
        double fraction = (double)held.Length / n;
        Assert.InRange(fraction, 0.045, 0.055);                   // standard error ≈ 0.0011
        Assert.All(held, e => Assert.InRange(e, 40, 82));         // extra + jitter
        Assert.InRange(held.Average(), 61 - 1.5, 61 + 1.5);       // mean extra 60 + mean jitter 1; se ≈ 0.26
    }

    [Fact]
    public void Bursts_are_correlated_every_segment_within_the_duration_gets_the_same_extra()
    {
        // Segments every 10 ms, bursts hold 100 ms: a burst holds its first segment and the 9
        // after it. Extra (5–8 ms) < spacing, so in-order clamping never adds to the count.
        var profile = new LinkProfile { BaseDelayMs = 10, BurstProbability = 0.02, BurstExtraMsMin = 5, BurstExtraMsMax = 8, BurstDurationMs = 100 };
        const int n = 100_000;
        var extras = ExtraDelaysMs(new DelayModel(profile, seed: 5), spacingMs: 10, count: n, baseMs: 10);

        const double p = 0.02, k = 9;
        double expected = p * (1 + k) / (1 + p * k);              // renewal: bursts of 1 + k held segments
        double fraction = extras.Count(e => e > 1e-6) / (double)n;
        Assert.InRange(fraction, expected - 0.01, expected + 0.01);

        int bursts = 0;
        for (int i = 0; i < n;)
        {
            if (extras[i] < 1e-6) { i++; continue; }
            bursts++;
            int end = Math.Min(n, i + 1 + (int)k);
            for (int j = i; j < end; j++)
                Assert.Equal(extras[i], extras[j], 6);            // the whole window shares one extra
            Assert.InRange(extras[i], 5, 8);
            i = end;
        }
        double expectedBursts = n * p / (1 + p * k);              // ≈ 1695
        Assert.InRange(bursts, expectedBursts * 0.85, expectedBursts * 1.15);
    }

    [Fact]
    public void Segments_behind_a_burst_are_held_in_order_rather_than_overtaking_it()
    {
        var profile = new LinkProfile { BaseDelayMs = 10, BurstProbability = 1, BurstExtraMsMin = 50, BurstExtraMsMax = 50, BurstDurationMs = 0 };
        var model = new DelayModel(profile, seed: 1);
        var first = model.DeliveryTime(Ms(0));                    // starts a burst: due at 60 ms
        Assert.Equal(Ms(60), first);
        model.Profile = profile with { BurstProbability = 0 };
        Assert.Equal(Ms(60), model.DeliveryTime(Ms(1)));          // would be 11 ms: held behind the burst
        Assert.Equal(Ms(60), model.DeliveryTime(Ms(49)));
        Assert.Equal(Ms(61), model.DeliveryTime(Ms(51)));         // arrived after the release: back to base
    }

    [Fact]
    public void A_profile_change_applies_to_the_next_segments()
    {
        var model = new DelayModel(new LinkProfile { BaseDelayMs = 2 }, seed: 1);
        Assert.Equal(Ms(2), model.DeliveryTime(Ms(0)));
        model.Profile = new LinkProfile { BaseDelayMs = 30 };
        Assert.Equal(Ms(40), model.DeliveryTime(Ms(10)));
    }

    [Theory]
    [InlineData(-1, 0, 0, 0, 0)]
    [InlineData(0, -1, 0, 0, 0)]
    [InlineData(0, 0, 1.5, 0, 0)]
    [InlineData(0, 0, 0.1, 80, 40)]
    [InlineData(double.NaN, 0, 0, 0, 0)]
    public void Nonsensical_profiles_are_rejected(double baseMs, double jitter, double p, double min, double max)
    {
        var profile = new LinkProfile { BaseDelayMs = baseMs, JitterMs = jitter, BurstProbability = p, BurstExtraMsMin = min, BurstExtraMsMax = max };
        Assert.ThrowsAny<ArgumentException>(() => new DelayModel(profile, 0));
    }
}

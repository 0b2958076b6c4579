using Prosync.Actors.Latency;
using Prosync.Actors.Scheduling;

namespace Prosync.Actors.Tests.Scheduling;

public class BurstDetectorTests
{
    // RTT 20 ms, jitter 0.5 ms: with k = 3 and margin 1 ms a probe is late above 22.5 ms.
    private static readonly LatencyEstimate Path = new(20, 10, 0.5, 100, 0);
    private static readonly BurstDetector Detector = new();

    [Fact]
    public void LateAfter_is_rtt_plus_k_jitter_plus_margin()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(22.5), Detector.LateAfter(Path));
        Assert.Null(Detector.LateAfter(LatencyEstimate.None));
    }

    [Theory]
    // probe RTT ms (-1 = lost), held so far ms, verdict, hold ms, excess ms
    [InlineData(20.0, 0, BurstVerdict.Clear, 0, 0.0)]
    [InlineData(15.0, 0, BurstVerdict.Clear, 0, -5.0)]      // early is fine
    [InlineData(22.5, 0, BurstVerdict.Clear, 0, 2.5)]       // at the threshold is not late
    [InlineData(22.6, 0, BurstVerdict.Hold, 5, 2.6)]        // barely late: the minimum re-probe interval
    [InlineData(45.0, 0, BurstVerdict.Hold, 25, 25.0)]      // 25 ms late: give the queue 25 ms to drain
    [InlineData(120.0, 0, BurstVerdict.Hold, 30, 100.0)]    // capped at the maximum re-probe interval
    [InlineData(-1, 0, BurstVerdict.Hold, 30, double.PositiveInfinity)] // lost: the maximum interval
    [InlineData(45.0, 90, BurstVerdict.Hold, 10, 25.0)]     // only 10 ms of budget left
    [InlineData(-1, 99.5, BurstVerdict.Hold, 0.5, double.PositiveInfinity)]
    [InlineData(45.0, 100, BurstVerdict.GiveUp, 0, 25.0)]   // budget spent: send anyway
    [InlineData(-1, 150, BurstVerdict.GiveUp, 0, double.PositiveInfinity)]
    [InlineData(21.0, 150, BurstVerdict.Clear, 0, 1.0)]     // a clean probe is clean, whatever was held
    public void Assess_judges_the_probe_and_bounds_the_hold(double probeMs, double heldMs, BurstVerdict verdict, double holdMs, double excessMs)
    {
        TimeSpan? probe = probeMs < 0 ? null : TimeSpan.FromMilliseconds(probeMs);

        var decision = Detector.Assess(Path, probe, TimeSpan.FromMilliseconds(heldMs));

        Assert.Equal(verdict, decision.Verdict);
        Assert.Equal(TimeSpan.FromMilliseconds(holdMs), decision.HoldFor);
        Assert.Equal(excessMs, decision.ExcessMs, 9);
        Assert.Equal(verdict != BurstVerdict.Hold, decision.ShouldSend);
        Assert.Equal(verdict != BurstVerdict.Clear, decision.InBurst);
    }

    [Theory]
    // probe RTT ms, shared excess ms, verdict, hold ms: only a path's own delay beyond the round's shared one is a burst
    [InlineData(25.0, 0.0, BurstVerdict.Hold, 5)]
    [InlineData(25.0, 4.0, BurstVerdict.Clear, 0)]      // 5 ms late, 4 of them shared by the round
    [InlineData(45.0, 4.0, BurstVerdict.Hold, 21)]      // a burst of its own on top: held for what is its own
    [InlineData(25.0, double.PositiveInfinity, BurstVerdict.Hold, 5)] // most probes lost: nothing is known to be shared
    [InlineData(25.0, -3.0, BurstVerdict.Hold, 5)]      // a round early on the whole is not a licence to be late
    public void A_delay_the_whole_round_shares_is_not_a_burst(double probeMs, double sharedMs, BurstVerdict verdict, double holdMs)
    {
        var decision = Detector.Assess(Path, TimeSpan.FromMilliseconds(probeMs), TimeSpan.Zero, sharedMs);

        Assert.Equal(verdict, decision.Verdict);
        Assert.Equal(TimeSpan.FromMilliseconds(holdMs), decision.HoldFor);
    }

    [Theory]
    // excesses of the round's probes (ms; "lost" = no reply, "none" = no estimate): the allowance, the lower median
    // plus its distance from the fastest
    [InlineData("0.1,0.3,50", 0.5)]       // three rooms, one in a burst: the burst is not shared
    [InlineData("2,50", 2)]               // two rooms: the smaller
    [InlineData("1,3,4,5,6,lost", 7)]     // replies one after another, 1 to 6 ms late: up to 7 is the round's own
    [InlineData("lost,lost,1", double.PositiveInfinity)]
    [InlineData("-1,-2,-3", 0)]           // early replies count as on time
    [InlineData("-10,0,15", 0)]           // one early reply (a stale, high estimate) does not widen the allowance
    [InlineData("0.1,20,30", 10)]         // a burst two of three rooms share (one access point) stays a burst: capped
    [InlineData("50", 0)]                 // one path: nothing to compare with
    [InlineData("none,50", 0)]
    public void The_round_allows_its_own_median_delay_and_spread(string excesses, double expected)
    {
        var round = excesses.Split(',').Select(e => e switch
        {
            "lost" => (Path, (TimeSpan?)null),
            "none" => (LatencyEstimate.None, TimeSpan.FromMilliseconds(20)),
            _ => (Path, TimeSpan.FromMilliseconds(Path.RttMs + double.Parse(e, System.Globalization.CultureInfo.InvariantCulture))),
        });

        Assert.Equal(expected, BurstDetector.SharedExcessMs(round, maxMs: 10), 9);
    }

    [Theory]
    [InlineData(20.0)]
    [InlineData(500.0)]
    [InlineData(-1)]
    public void Without_an_estimate_nothing_can_be_judged_so_the_path_is_clear(double probeMs)
    {
        TimeSpan? probe = probeMs < 0 ? null : TimeSpan.FromMilliseconds(probeMs);

        Assert.Equal(new BurstDecision(BurstVerdict.Clear, TimeSpan.Zero, 0), Detector.Assess(LatencyEstimate.None, probe, TimeSpan.Zero));
    }

    [Theory]
    // k, margin, jitter, probe: late?
    [InlineData(0.0, 0.0, 0.5, 20.001, true)]
    [InlineData(0.0, 0.0, 0.5, 20.0, false)]
    [InlineData(3.0, 1.0, 0.0, 21.0, false)]   // zero jitter: the margin alone
    [InlineData(3.0, 1.0, 0.0, 21.01, true)]
    [InlineData(10.0, 0.0, 2.0, 39.9, false)]
    [InlineData(10.0, 0.0, 2.0, 40.1, true)]
    public void The_threshold_follows_the_options(double k, double margin, double jitter, double probeMs, bool late)
    {
        var detector = new BurstDetector(new BurstDetectorOptions { JitterMultiplier = k, MarginMs = margin });
        var estimate = new LatencyEstimate(20, 10, jitter, 50, 0);

        Assert.Equal(late, detector.Assess(estimate, TimeSpan.FromMilliseconds(probeMs), TimeSpan.Zero).InBurst);
    }

    [Theory]
    // burst lasts (ms) → the broadcast goes out once it has cleared, never held past MaxHold
    [InlineData(0, BurstVerdict.Clear, 0, 0)]
    [InlineData(12, BurstVerdict.Clear, 12, 42)]
    [InlineData(45, BurstVerdict.Clear, 45, 75)]
    [InlineData(1000, BurstVerdict.GiveUp, 100, 100)]
    public void Holding_and_reprobing_waits_out_a_burst_within_the_bound(int burstMs, BurstVerdict final, int minHeldMs, int maxHeldMs)
    {
        // The path is 60 ms slow until the burst ends; a probe takes no time to simulate.
        var held = TimeSpan.Zero;
        BurstDecision decision;
        int probes = 0;
        while (true)
        {
            probes++;
            var rtt = TimeSpan.FromMilliseconds(held.TotalMilliseconds < burstMs ? 80 : 20);
            decision = Detector.Assess(Path, rtt, held);
            if (decision.ShouldSend)
                break;
            held += decision.HoldFor;
        }

        Assert.Equal(final, decision.Verdict);
        Assert.InRange(held, TimeSpan.FromMilliseconds(minHeldMs), TimeSpan.FromMilliseconds(maxHeldMs));
        Assert.InRange(probes, 1, 1 + (100 / 5));
    }

    public static TheoryData<BurstDetectorOptions, string> InvalidOptions() => new()
    {
        { new BurstDetectorOptions { JitterMultiplier = -1 }, "JitterMultiplier" },
        { new BurstDetectorOptions { MarginMs = double.NaN }, "MarginMs" },
        { new BurstDetectorOptions { MaxHold = TimeSpan.FromMilliseconds(-1) }, "MaxHold" },
        { new BurstDetectorOptions { MinReprobeInterval = TimeSpan.Zero }, "MinReprobeInterval" },
        { new BurstDetectorOptions { MinReprobeInterval = TimeSpan.FromMilliseconds(10), MaxReprobeInterval = TimeSpan.FromMilliseconds(5) }, "MaxReprobeInterval" },
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void Out_of_range_options_are_refused(BurstDetectorOptions options, string knob)
    {
        Assert.Equal(knob, Assert.Throws<ArgumentOutOfRangeException>(() => new BurstDetector(options)).ParamName);
    }

    [Fact]
    public void A_zero_hold_budget_never_holds()
    {
        var detector = new BurstDetector(new BurstDetectorOptions { MaxHold = TimeSpan.Zero });

        Assert.Equal(BurstVerdict.GiveUp, detector.Assess(Path, null, TimeSpan.Zero).Verdict);
    }
}

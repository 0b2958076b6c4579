using Prosync.Actors.Latency;
using Prosync.Actors.Servers;
using Prosync.Host.Lab;
using Xunit.Abstractions;

namespace Prosync.Actors.Tests.Latency;

/// <summary>
/// The default estimator on the bench's links, probed as the proxy probes (<see cref="LabProbeTrace"/>):
/// its one-way estimate must stay near what a command sees on the quiet link (base + mean jitter),
/// whether bursts hit a few probes (wifi) or a third of them (wifi-bursty's Gilbert–Elliott link).
/// Bursts only add delay, so they must not drag the estimate up.
/// </summary>
public class BurstyLinkTests(ITestOutputHelper output)
{
    private const int Probes = 3000;  // five minutes at 10/s
    private const int Warmup = 100;   // ten seconds: windows full, the first EWMA batches folded in

    public static TheoryData<string, int, int> Links() => new()
    {
        { "wifi-bursty", 3, 1 }, { "wifi-bursty", 3, 2 }, { "wifi-bursty", 3, 3 }, // the bursty link: ~30 % of round trips hit
        { "wifi-bursty", 0, 1 }, { "wifi-bursty", 2, 1 },
        { "wifi", 3, 1 }, { "wifi", 3, 2 }, { "wifi", 1, 1 },
        { "lan", 2, 1 }, { "lan", 0, 1 },
    };

    private static (double MeanError, double P95AbsError, double Worst) Errors(string estimatorName, LinkProfile profile, int seed)
    {
        var estimator = LatencyEstimators.Create(estimatorName, LatencyEstimatorOptions.Default);
        double truth = LabProbeTrace.QuietOneWayMs(profile);
        var errors = new List<double>();
        int index = 0;
        foreach (var sample in LabProbeTrace.Generate(profile, seed, Probes))
        {
            estimator.Add(sample);
            if (++index > Warmup)
                errors.Add(estimator.Current.OneWayMs - truth);
        }

        var abs = errors.Select(Math.Abs).Order().ToArray();
        return (errors.Average(), abs[(int)(abs.Length * 0.95)], errors.MaxBy(Math.Abs));
    }

    [Theory]
    [MemberData(nameof(Links))]
    public void The_default_estimate_stays_near_the_quiet_one_way_delay(string preset, int room, int seed)
    {
        var profile = LinkProfiles.ByName(preset)(room, 4);
        var (mean, p95, worst) = Errors(ServerOptions.Default.Estimator, profile, seed);
        output.WriteLine($"{ServerOptions.Default.Estimator} on {preset} room {room + 1} seed {seed}: quiet one-way {LabProbeTrace.QuietOneWayMs(profile):F2} ms; "
            + $"error mean {mean:F2}, p95 |error| {p95:F2}, worst {worst:F2} ms");
        Assert.InRange(mean, -0.5, 0.5);
        Assert.InRange(p95, 0, 1.5);
    }

    /// <summary>
    /// Why the default changed: batch-2means, the default before, keeps both 2-means clusters of a batch
    /// unless the smaller one is at most a fifth of it, so bursts on a third of the probes drag its mean up
    /// (as in the issue: a 35 ms link read as 55–62 ms); its per-connection-burst Wi-Fi reading is high too.
    /// </summary>
    [Theory]
    [InlineData("wifi-bursty", 6)]
    [InlineData("wifi", 2)]
    public void Batch2means_was_dragged_up_by_bursts_on_the_slowest_link(string preset, double atLeastMs)
    {
        var (mean, p95, _) = Errors(LatencyEstimators.Batch2Means, LinkProfiles.ByName(preset)(3, 4), seed: 1);
        output.WriteLine($"batch-2means on {preset}: error mean {mean:F2}, p95 |error| {p95:F2} ms");
        Assert.True(mean > atLeastMs, $"batch-2means read {preset}'s slowest link only {mean:F2} ms high");
    }
}

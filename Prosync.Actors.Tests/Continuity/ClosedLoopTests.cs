using Prosync.Actors.Continuity;
using Xunit.Abstractions;

namespace Prosync.Actors.Tests.Continuity;

public class ClosedLoopTests(ITestOutputHelper output)
{
    [Fact]
    public void Three_drifting_rooms_stay_within_3_ms_with_at_most_2_pauses_a_minute()
    {
        // Rooms at −40, 0 and +60 ppm started 45 and 100 ms apart; 23.2 ms steps, 10 probes/s,
        // 25 % bursts, ±0.5 ms actuation noise; 10 minutes; three seeds pooled.
        var spreads = new List<double>();
        var perMinute = new List<double>();
        foreach (int seed in new[] { 1, 2, 3 })
        {
            var result = ClosedLoop.Run(seed, [-40, 0, 60], [1_000, 1_045, 1_100], CorrectionOptions.Default);
            output.WriteLine(
                $"seed {seed}: spread p50 {result.Percentile(0.5):F2} p95 {result.Percentile(0.95):F2} max {result.Spreads[^1]:F2} ms; " +
                $"corrections per room [{string.Join(", ", result.Corrections)}] in 10 min, most after 15 s {result.MaxSettledPerMinute:F2}/min");
            spreads.AddRange(result.Spreads);
            perMinute.AddRange(result.SettledCorrections.Select(c => c / result.SettledMinutes));
        }

        spreads.Sort();
        double p50 = spreads[spreads.Count / 2], p95 = spreads[(int)(spreads.Count * 0.95)], max = spreads[^1];
        output.WriteLine($"pooled: spread p50 {p50:F2} p95 {p95:F2} max {max:F2} ms; corrections per room per minute max {perMinute.Max():F2}");
        Assert.True(p95 <= 3.0, $"spread p95 {p95:F2} ms");
        Assert.True(max <= 10.0, $"spread max {max:F2} ms");
        Assert.True(perMinute.Max() <= 2.0, $"{perMinute.Max():F2} corrections per room per minute");
    }

    [Fact]
    public void The_laggard_is_never_paused_once_the_rooms_are_aligned()
    {
        var result = ClosedLoop.Run(2, [-40, 0, 60], [1_000, 1_045, 1_100], CorrectionOptions.Default, minutes: 5);

        Assert.True(result.SettledCorrections[0] <= 1, $"the −40 ppm room was paused {result.SettledCorrections[0]} times");
    }
}

using Prosync.Actors.Continuity;

namespace Prosync.Actors.Tests.Continuity;

public class CorrectionPlannerTests
{
    private const double Now = 100_000;

    /// <summary>A room: "name offset [u=unc] [ppm=rate] [last=ms ago] [primary] [invalid] [joining]".</summary>
    private static RoomPosition Room(string spec)
    {
        var parts = spec.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var room = new RoomPosition(parts[0], true, double.Parse(parts[1]), 0.2);
        foreach (var part in parts.Skip(2))
        {
            var kv = part.Split('=');
            room = kv[0] switch
            {
                "u" => room with { UncertaintyMs = double.Parse(kv[1]) },
                "ppm" => room with { RatePpm = double.Parse(kv[1]) },
                "last" => room with { LastCorrectionAtMs = Now - double.Parse(kv[1]) },
                "primary" => room with { IsPrimary = true },
                "invalid" => room with { IsValid = false },
                "joining" => room with { IsJoining = true },
                _ => throw new ArgumentException(part),
            };
        }
        return room;
    }

    private static string Plan(string rooms, CorrectionOptions? options = null) =>
        string.Join("; ", CorrectionPlanner.Plan(rooms.Split(',').Select(Room).ToList(), Now, options)
            .Select(c => $"{c.Room} {c.Kind} {c.AmountMs:F2}"));

    [Theory]
    // The laggard is the target; rooms ahead are paused for their error.
    [InlineData("a 0, b 3, c 5", "b Pause 3.00; c Pause 5.00")]
    [InlineData("b 3, c 5, a 0", "b Pause 3.00; c Pause 5.00")]
    // Which room is primary does not change the target.
    [InlineData("a 0, b 3 primary, c 5", "b Pause 3.00; c Pause 5.00")]
    [InlineData("a 0 primary, b 3, c 5", "b Pause 3.00; c Pause 5.00")]
    // Within the trigger: nothing.
    [InlineData("a 0, b 1.4", "")]
    // Errors within the two uncertainties (√(1.2² + 1.2²) = 1.7) are noise.
    [InlineData("a 0 u=1.2, b 1.6 u=1.2", "")]
    [InlineData("a 0 u=1.2, b 1.8 u=1.2", "b Pause 1.80")]
    // Gaining on the target: paused past zero by min(1.5, rel·1e-6·30 s / 2).
    [InlineData("a 0 ppm=-40, b 2 ppm=60", "b Pause 3.50")]          // 100 ppm → 1.5
    [InlineData("a 0 ppm=-40, b 2 ppm=80", "b Pause 3.50")]          // 120 ppm → 1.8, capped at 1.5
    [InlineData("a 0 ppm=0, b 2 ppm=40", "b Pause 2.60")]            // 40 ppm → 0.6
    // Losing to the target: no overshoot; and it waits for trigger + overshoot (the target may sit behind on purpose).
    [InlineData("a 0 ppm=60, b 2.9 ppm=-40", "")]
    [InlineData("a 0 ppm=60, b 3.1 ppm=-40", "b Pause 3.10")]
    // Early: 1.4 ms now and +100 ppm is 1.6 ms by the next round (2 s).
    [InlineData("a 0 ppm=-40, b 1.4 ppm=60", "b Pause 2.90")]
    [InlineData("a 0 ppm=-40, b 1.2 ppm=60", "")]
    // Hysteresis: corrected 3 s ago → left alone, unless urgent (> 10 ms); 6 s ago → due again.
    [InlineData("a 0, b 5 last=3000", "")]
    [InlineData("a 0, b 12 last=3000", "b Pause 12.00")]
    [InlineData("a 0, b 5 last=6000", "b Pause 5.00")]
    // Far behind the median (> 250 ms): seeked to it; the target is the laggard of the rest.
    [InlineData("a -400, b 0, c 2", "a Seek 400.00; c Pause 2.00")]
    [InlineData("a -400, b 0", "a Seek 400.00")]
    [InlineData("a -200, b 0", "b Pause 200.00")]
    // Invalid rooms are neither target nor corrected; fewer than two valid rooms: no plan.
    [InlineData("a -50 invalid, b 0, c 3", "c Pause 3.00")]
    [InlineData("a 0, b 30 invalid", "")]
    [InlineData("a 0", "")]
    public void Plans_pauses_toward_the_laggard(string rooms, string expected)
    {
        Assert.Equal(expected, Plan(rooms));
    }

    [Theory]
    // A room that just joined is moved to the rooms already in step, never they to it: behind, it is seeked forward.
    [InlineData("a -20 joining, b 0, c 1", "a Seek 20.00")]
    [InlineData("a 0, b 1, c 30 joining", "c Pause 30.00")]
    [InlineData("a -20 joining, b 0, c 3", "a Seek 20.00; c Pause 3.00")]
    // Behind by less than the trigger or the noise, or corrected a moment ago: left alone.
    [InlineData("a -1 joining, b 0", "")]
    [InlineData("a -1.6 joining u=1.2, b 0 u=1.2", "")]
    [InlineData("a -5 joining last=3000, b 0", "")]
    // Every room joining (one became the primary after a failover): the laggard is the target, as without joining rooms.
    [InlineData("a -20 joining, b 0 joining", "b Pause 20.00")]
    // The median is the settled rooms': two joiners far ahead do not make an established room "far behind".
    [InlineData("a -240, b 0, c 240 joining, d 240 joining", "b Pause 240.00; c Pause 480.00; d Pause 480.00")]
    // Far behind the median: the far-behind seek, whether joining or not.
    [InlineData("a -400 joining, b 0, c 2", "a Seek 402.00; c Pause 2.00")] // to the settled rooms' upper median
    public void A_joining_room_is_brought_to_the_others(string rooms, string expected)
    {
        Assert.Equal(expected, Plan(rooms));
    }

    [Theory]
    [InlineData(0.4, "")]
    [InlineData(0.6, "b Pause 0.60")]
    public void Pauses_shorter_than_the_minimum_are_not_worth_doing(double errorMs, string expected)
    {
        var options = new CorrectionOptions { TriggerMs = 0.1 };

        Assert.Equal(expected, Plan($"a 0 u=0.01, b {errorMs} u=0.01", options));
    }

    [Fact]
    public void Sum_of_uncertainties_gate_is_available()
    {
        var options = new CorrectionOptions { CombineUncertaintiesInQuadrature = false };

        Assert.Equal("", Plan("a 0 u=1.2, b 2.3 u=1.2", options));
        Assert.Equal("b Pause 2.50", Plan("a 0 u=1.2, b 2.5 u=1.2", options));
    }

    [Fact]
    public void Each_room_gets_at_most_one_correction_and_reasons_say_why()
    {
        var plan = CorrectionPlanner.Plan([Room("a -400"), Room("b 0 ppm=0"), Room("c 2 ppm=40"), Room("d 3")], Now);

        Assert.Equal(plan.Count, plan.Select(c => c.Room).Distinct().Count());
        var c = Assert.Single(plan, c => c.Room == "c");
        Assert.Equal(2, c.ErrorMs, 9);
        Assert.Contains("ahead of b", c.Reason);
        Assert.Contains("overshoot", c.Reason);
    }
}

using FsCheck;
using FsCheck.Fluent;
using Prosync.Actors.Scheduling;

namespace Prosync.Actors.Tests.Scheduling;

public class SendPlannerTests
{
    private static readonly TimeSpan OneTick = TimeSpan.FromTicks(1);

    /// <summary>"a:12,b:3.5" → paths.</summary>
    private static PathDelay[] Paths(string spec) =>
        spec.Length == 0
            ? []
            : spec.Split(',').Select(p => p.Split(':')).Select(p => new PathDelay(p[0], double.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture))).ToArray();

    public static TheoryData<string, double, double, string> Plans() => new()
    {
        // paths, now ms, guard ms, expected send order
        { "", 1000, 5, "" },
        { "solo:7.25", 1000, 5, "solo" },
        { "a:12,b:3.5,c:7", 1000, 5, "a,c,b" },
        { "a:3.5,b:12,c:7", 0, 0, "b,c,a" },
        { "x:4,y:4,z:4", 250, 2, "x,y,z" },                     // equal delays: input order kept
        { "x:4,y:9,z:4", 250, 2, "y,x,z" },
        { "zero:0,far:40.1234567", 10, 1.5, "far,zero" },
        { "tiny:0.00004,tinier:0.00001", 3, 0, "tiny,tinier" }, // below a tick: both round to 0 or 1 tick
        { "hall:25,kitchen:110.5,garden:60,attic:0.8", 123456.789, 3, "kitchen,garden,hall,attic" },
        { "neg:-2,pos:3", 50, 1, "pos,neg" },                   // a negative offset just sends later
    };

    [Theory]
    [MemberData(nameof(Plans))]
    public void All_copies_arrive_at_EffectAt_and_sends_are_ordered(string spec, double nowMs, double guardMs, string order)
    {
        var paths = Paths(spec);
        var now = TimeSpan.FromMilliseconds(nowMs);
        var guard = TimeSpan.FromMilliseconds(guardMs);

        var plan = SendPlanner.Plan(now, paths, guard);

        double max = paths.Length == 0 ? 0 : paths.Max(p => p.OneWayMs);
        AssertClose(now + guard + TimeSpan.FromMilliseconds(max), plan.EffectAt);
        Assert.Equal(order, string.Join(",", plan.Sends.Select(s => s.Server)));
        foreach (var send in plan.Sends)
        {
            Assert.Equal(paths.Single(p => p.Server == send.Server).OneWayMs, send.OneWayMs);
            AssertClose(plan.EffectAt, send.SendAt + TimeSpan.FromMilliseconds(send.OneWayMs)); // arrival
        }
        for (int i = 1; i < plan.Sends.Count; i++)
            Assert.True(plan.Sends[i - 1].SendAt <= plan.Sends[i].SendAt);
        if (paths.Length > 0)
            Assert.Equal(now + guard, plan.Sends[0].SendAt); // the slowest path leaves first, right after the guard
    }

    [Fact]
    public void A_worked_example()
    {
        var plan = SendPlanner.Plan(TimeSpan.FromSeconds(1), Paths("a:12,b:3.5,c:7"), TimeSpan.FromMilliseconds(5));

        Assert.Equal(TimeSpan.FromMilliseconds(1017), plan.EffectAt);
        Assert.Equal(
            [new("a", TimeSpan.FromMilliseconds(1005), 12), new("c", TimeSpan.FromMilliseconds(1010), 7), new("b", TimeSpan.FromMilliseconds(1013.5), 3.5)],
            plan.Sends);
    }

    [Fact]
    public void No_paths_means_no_sends_and_the_effect_right_after_the_guard()
    {
        var plan = SendPlanner.Plan(TimeSpan.FromMilliseconds(40), [], TimeSpan.FromMilliseconds(3));

        Assert.Equal(TimeSpan.FromMilliseconds(43), plan.EffectAt);
        Assert.Empty(plan.Sends);
    }

    [Fact]
    public void Any_set_of_paths_gives_equal_arrivals_and_ordered_sends()
    {
        var delays = Gen.Choose(0, 500_000).Select(v => v / 1000.0).ArrayOf().ToArbitrary();
        Prop.ForAll(delays, Gen.Choose(0, 20_000).ToArbitrary(), (oneWays, guardUs) =>
        {
            var paths = oneWays.Select((d, i) => new PathDelay($"s{i}", d)).ToArray();
            var now = TimeSpan.FromSeconds(12345.678);
            var guard = TimeSpan.FromMicroseconds(guardUs);
            var plan = SendPlanner.Plan(now, paths, guard);
            double max = oneWays.Length == 0 ? 0 : oneWays.Max();

            return plan.Sends.Count == paths.Length
                && Close(now + guard + TimeSpan.FromMilliseconds(max), plan.EffectAt)
                && plan.Sends.All(s => Close(plan.EffectAt, s.SendAt + TimeSpan.FromMilliseconds(s.OneWayMs)))
                && plan.Sends.Zip(plan.Sends.Skip(1)).All(p => p.First.SendAt <= p.Second.SendAt)
                && plan.Sends.Select(s => s.Server).Order().SequenceEqual(paths.Select(p => p.Server).Order())
                && plan.Sends.All(s => s.SendAt >= now + guard);
        }).QuickCheckThrowOnFailure();
    }

    public static TheoryData<PathDelay[], double, Type> BadInputs() => new()
    {
        { [new("a", 1), new("a", 2)], 1, typeof(ArgumentException) },
        { [new("a", double.NaN)], 1, typeof(ArgumentException) },
        { [new("a", double.PositiveInfinity)], 1, typeof(ArgumentException) },
        { [new("a", 1)], -0.001, typeof(ArgumentOutOfRangeException) },
        { [new(null!, 1)], 1, typeof(ArgumentNullException) },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void Bad_input_is_refused(PathDelay[] paths, double guardMs, Type error)
    {
        Assert.Throws(error, () => SendPlanner.Plan(TimeSpan.Zero, paths, TimeSpan.FromMilliseconds(guardMs)));
    }

    private static bool Close(TimeSpan expected, TimeSpan actual) => (expected - actual).Duration() <= OneTick;

    private static void AssertClose(TimeSpan expected, TimeSpan actual) =>
        Assert.True(Close(expected, actual), $"expected {expected} ± 1 tick, got {actual}");
}

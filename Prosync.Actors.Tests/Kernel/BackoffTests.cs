using FsCheck;
using FsCheck.Fluent;
using Prosync.Actors.Kernel;

namespace Prosync.Actors.Tests.Kernel;

public class BackoffTests
{
    private static BackoffOptions Options(double minMs, double maxMs, double factor) =>
        new(TimeSpan.FromMilliseconds(minMs), TimeSpan.FromMilliseconds(maxMs), factor);

    [Theory]
    //          attempt   min     max   factor random  expected
    [InlineData(0,        100, 10_000,  0.0,   0.0,    100)]
    [InlineData(1,        100, 10_000,  0.0,   0.0,    200)]
    [InlineData(3,        100, 10_000,  0.0,   0.0,    800)]
    [InlineData(7,        100, 10_000,  0.0,   0.0,    10_000)]   // 12 800 capped
    [InlineData(2,        100, 10_000,  0.5,   1.0,    600)]      // 400 × 1.5
    [InlineData(2,        100, 10_000,  0.5,   0.5,    500)]      // 400 × 1.25
    [InlineData(20,       100, 10_000,  0.2,   1.0,    12_000)]   // jitter applies on top of the cap
    [InlineData(int.MaxValue, 100, 10_000, 0.0, 0.0,   10_000)]   // saturates, no overflow
    [InlineData(50,       0,   10_000,  0.5,   1.0,    0)]        // zero stays zero
    public void Delay_doubles_per_attempt_is_capped_and_then_jittered(
        int attempt, double minMs, double maxMs, double factor, double random, double expectedMs) =>
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), Backoff.Delay(attempt, Options(minMs, maxMs, factor), random));

    [Fact]
    public void Delay_stays_between_the_capped_base_and_its_jittered_bound_and_never_shrinks_with_attempts()
    {
        var inputs =
            from attempt in Gen.Choose(0, 80)
            from minMs in Gen.Choose(0, 5_000)
            from extraMs in Gen.Choose(0, 120_000)
            from factorPercent in Gen.Choose(0, 300)
            from randomPercent in Gen.Choose(0, 100)
            select (attempt, minMs, maxMs: minMs + extraMs, factor: factorPercent / 100.0, random: randomPercent / 100.0);

        Prop.ForAll(inputs.ToArbitrary(), input =>
        {
            var options = Options(input.minMs, input.maxMs, input.factor);
            var delay = Backoff.Delay(input.attempt, options, input.random);
            var next = Backoff.Delay(input.attempt + 1, options, input.random);
            var capped = Math.Min(input.minMs * Math.Pow(2, input.attempt), input.maxMs);
            const double tick = 1e-4;   // ms; Delay truncates to whole ticks
            return delay.TotalMilliseconds >= capped * (1 + input.factor * input.random) - tick
                && delay.TotalMilliseconds <= capped * (1 + input.factor * input.random) + tick
                && delay.TotalMilliseconds <= input.maxMs * (1 + input.factor) + tick
                && next >= delay;
        }).QuickCheckThrowOnFailure();
    }

    [Theory]
    [InlineData(-1, 0.5)]
    [InlineData(0, -0.1)]
    [InlineData(0, 1.1)]
    [InlineData(0, double.NaN)]
    public void Delay_rejects_out_of_range_arguments(int attempt, double random) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Backoff.Delay(attempt, Options(1, 2, 0), random));

    [Fact]
    public void Options_reject_negative_values()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Options(-1, 10, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Options(1, -10, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Options(1, 10, -0.1));
    }
}

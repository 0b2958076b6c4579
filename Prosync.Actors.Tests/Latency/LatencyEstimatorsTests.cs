using Prosync.Actors.Latency;

namespace Prosync.Actors.Tests.Latency;

public class LatencyEstimatorsTests
{
    [Fact]
    public void Names_lists_the_four_estimators()
    {
        Assert.Equal(["batch-2means", "median", "min-dev", "quiet-mean"], LatencyEstimators.Names);
    }

    [Theory]
    [InlineData("batch-2means", "batch-2means")]
    [InlineData("median", "median")]
    [InlineData("min-dev", "min-dev")]
    [InlineData("MEDIAN", "median")]
    [InlineData("Min-Dev", "min-dev")]
    [InlineData("quiet-mean", "quiet-mean")]
    [InlineData("Quiet-Mean", "quiet-mean")]
    public void Create_returns_the_named_estimator(string requested, string expected)
    {
        Assert.Equal(expected, LatencyEstimators.Create(requested, LatencyEstimatorOptions.Default).Name);
    }

    [Theory]
    [InlineData("")]
    [InlineData("mean")]
    [InlineData("batch2means")]
    public void Create_refuses_unknown_names_and_lists_the_known_ones(string name)
    {
        var error = Assert.Throws<ArgumentException>(() => LatencyEstimators.Create(name, LatencyEstimatorOptions.Default));
        Assert.Contains("min-dev", error.Message);
    }

    public static TheoryData<LatencyEstimatorOptions, string> InvalidOptions() => new()
    {
        { new LatencyEstimatorOptions { BatchSize = 0 }, "BatchSize" },
        { new LatencyEstimatorOptions { EwmaAlpha = 0 }, "EwmaAlpha" },
        { new LatencyEstimatorOptions { EwmaAlpha = 1.01 }, "EwmaAlpha" },
        { new LatencyEstimatorOptions { EwmaAlpha = double.NaN }, "EwmaAlpha" },
        { new LatencyEstimatorOptions { WindowSize = 0 }, "WindowSize" },
        { new LatencyEstimatorOptions { LopsidedFraction = -0.1 }, "LopsidedFraction" },
        { new LatencyEstimatorOptions { LopsidedFraction = 0.5 }, "LopsidedFraction" },
        { new LatencyEstimatorOptions { DeviationWeight = -1 }, "DeviationWeight" },
        { new LatencyEstimatorOptions { DeviationWeight = double.PositiveInfinity }, "DeviationWeight" },
        { new LatencyEstimatorOptions { QuietQuantile = -0.1 }, "QuietQuantile" },
        { new LatencyEstimatorOptions { QuietQuantile = 1 }, "QuietQuantile" },
        { new LatencyEstimatorOptions { QuietBandWidth = -1 }, "QuietBandWidth" },
        { new LatencyEstimatorOptions { QuietBandWidth = double.NaN }, "QuietBandWidth" },
        { new LatencyEstimatorOptions { QuietMarginMs = -0.1 }, "QuietMarginMs" },
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void Create_refuses_out_of_range_options(LatencyEstimatorOptions options, string knob)
    {
        foreach (var name in LatencyEstimators.Names)
        {
            var error = Assert.Throws<ArgumentOutOfRangeException>(() => LatencyEstimators.Create(name, options));
            Assert.Equal(knob, error.ParamName);
        }
    }

    [Fact]
    public void The_defaults_are_the_documented_ones()
    {
        var options = LatencyEstimatorOptions.Default;
        Assert.Equal((10, 0.3, 50, 0.2, 0.5), (options.BatchSize, options.EwmaAlpha, options.WindowSize, options.LopsidedFraction, options.DeviationWeight));
        Assert.Equal((0.25, 3, 0.1), (options.QuietQuantile, options.QuietBandWidth, options.QuietMarginMs));
    }

    [Fact]
    public void None_is_the_default_and_has_no_value()
    {
        Assert.Equal(default, LatencyEstimate.None);
        Assert.False(LatencyEstimate.None.HasValue);
        Assert.True(new LatencyEstimate(1, 0.5, 0, 1, 0).HasValue);
    }
}

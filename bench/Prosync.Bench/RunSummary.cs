using Prosync.Bench.Sections;

namespace Prosync.Bench;

/// <summary>Everything one run measured, for summary.json and the targets table.</summary>
public sealed record RunSummary
{
    public string Command { get; init; } = "";

    public string LoadBefore { get; init; } = "";

    public string CpuLayout { get; init; } = "";

    public string LoadAfter { get; set; } = "";

    public double Seconds { get; set; }

    public RelaySection.Result? Relay { get; set; }

    public OverheadSection.Result? Overhead { get; set; }

    public SkewSectionResult? Lan { get; set; }

    public SkewSectionResult? WifiLink { get; set; }

    public SkewSectionResult? Wifi { get; set; }

    public SkewSectionResult? WifiBursty { get; set; }

    public RecoverySection.Result? Recovery { get; set; }

    public ScaleSection.Result? Scale { get; set; }

    public ReadsSection.Result? Reads { get; set; }

    public LibrarySection.Result? Library { get; set; }

    public ContinuitySection.Result? Continuity { get; set; }

    public IReadOnlyList<TargetCheck> Targets { get; set; } = [];

    public string? BestEstimator { get; set; }
}

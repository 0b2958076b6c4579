using Prosync.Bench.Measure;
using Prosync.Host.Lab;

namespace Prosync.Bench.Sections;

/// <summary>A skew section: its lab, every mode, and the lab's own precision during it.</summary>
public sealed record SkewSectionResult(
    string Section,
    string Profile,
    string BurstModel,
    int Servers,
    IReadOnlyList<LinkProfile> Links,
    IReadOnlyList<ModeRun> Modes,
    Summary RelayLateness,
    double RelayLateOver1MsPercent,
    int LinkBursts,
    string LoadBefore,
    string LoadAfter,
    double Seconds);

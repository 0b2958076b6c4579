using Prosync.Bench.Skew;

namespace Prosync.Bench.Sections;

/// <summary>A mode's figures plus what the proxy believed about each link at the end of it.</summary>
public sealed record ModeRun(ModeResult Result, double[] EstimatedOneWayMs, double[] EstimatedJitterMs);

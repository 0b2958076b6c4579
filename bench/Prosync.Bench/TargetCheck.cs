namespace Prosync.Bench;

/// <summary>One target of the issue, the figure measured for it, and whether it was met.</summary>
public sealed record TargetCheck(string Target, string Measured, bool Met);

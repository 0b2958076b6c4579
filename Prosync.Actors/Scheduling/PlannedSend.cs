namespace Prosync.Actors.Scheduling;

/// <summary>When to write one server's copy of a command (monotonic clock) so it takes effect at the plan's instant.</summary>
public readonly record struct PlannedSend(string Server, TimeSpan SendAt, double OneWayMs);

namespace Prosync.Actors.Scheduling;

/// <summary>
/// One server's total one-way delay for a timed command: the latency estimate's one-way part
/// plus the server's configured <c>offsetMs</c>, as computed by the caller.
/// </summary>
public readonly record struct PathDelay(string Server, double OneWayMs);

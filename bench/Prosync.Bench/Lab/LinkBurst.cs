namespace Prosync.Bench.Lab;

/// <summary>One burst applied to a whole link (every connection, both directions) by <see cref="LinkBurstDriver"/>.</summary>
public readonly record struct LinkBurst(int Server, long StartedAt, long EndedAt, double ExtraMs);

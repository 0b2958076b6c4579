namespace Prosync.Actors.Latency;

/// <summary>
/// One answered probe: when the <c>ping</c> left (on the monotonic clock, i.e. a
/// <see cref="TimeProvider"/> timestamp converted to a <see cref="TimeSpan"/>) and how long
/// the round trip took.
/// </summary>
public readonly record struct LatencySample(TimeSpan SentAt, TimeSpan Rtt);

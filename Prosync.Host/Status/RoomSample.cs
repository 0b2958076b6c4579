namespace Prosync.Host.Status;

/// <summary>One room in a <see cref="LatencyFrame"/>; the latencies are null while the room is down.</summary>
public sealed record RoomSample(string State, double? RttMs, double? LastRttMs, double? DelayMs);

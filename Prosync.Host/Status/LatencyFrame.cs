namespace Prosync.Host.Status;

/// <summary>One point of the latency chart: every room's figures at <paramref name="T"/> (Unix milliseconds).</summary>
/// <param name="Rooms">By room name.</param>
public sealed record LatencyFrame(long T, IReadOnlyDictionary<string, RoomSample> Rooms);

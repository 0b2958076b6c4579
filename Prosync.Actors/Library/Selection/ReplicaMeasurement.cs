namespace Prosync.Actors.Library.Selection;

/// <summary>What is known of one replica (a room's file source): smoothed round-trip latency and throughput.</summary>
/// <param name="Replica">The room's name.</param>
/// <param name="LatencyMs">Smoothed round trip of an empty request, in ms; null before it was measured.</param>
/// <param name="ThroughputBytesPerSecond">Smoothed transfer rate; null before it was measured.</param>
/// <param name="MeasuredAt">When the last sample of either was taken.</param>
/// <param name="Method">How it is measured: <c>agent</c> (HTTP to the room's agent) or <c>local</c> (the file system).</param>
/// <param name="CopySamples">Real copies from this replica fed into its throughput (the prober's samples are not counted).</param>
public sealed record ReplicaMeasurement(
    string Replica,
    double? LatencyMs,
    double? ThroughputBytesPerSecond,
    DateTimeOffset? MeasuredAt,
    string Method,
    int CopySamples = 0)
{
    public double? ThroughputMBps => ThroughputBytesPerSecond / 1e6;
}

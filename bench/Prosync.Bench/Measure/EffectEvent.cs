namespace Prosync.Bench.Measure;

/// <summary>
/// One <c>changed:</c> response on a room's local idle connection.
/// <paramref name="KernelNs"/>: kernel receive stamp (CLOCK_REALTIME ns; 0 if unavailable);
/// <paramref name="ReadAt"/>: <see cref="System.Diagnostics.Stopwatch"/> timestamp when the reading thread had the bytes.
/// </summary>
public readonly record struct EffectEvent(int Server, Change Changed, long KernelNs, long ReadAt);

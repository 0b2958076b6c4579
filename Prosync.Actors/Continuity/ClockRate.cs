namespace Prosync.Actors.Continuity;

/// <summary>
/// How fast a room's sound card runs against the proxy's clock: its music advances
/// (1 + <see cref="Ppm"/>·1e-6) ms per proxy ms, so its offset drifts <see cref="Ppm"/> µs per second.
/// </summary>
/// <param name="IsKnown">Enough history (<see cref="ClockRateOptions.MinSpanSeconds"/>) and at least one slope.</param>
/// <param name="Ppm">The median pairwise slope, in ppm; 0 when unknown.</param>
/// <param name="UncertaintyPpm">About two standard errors of the slope, from the scatter of the points around it.</param>
/// <param name="SpanSeconds">Total time covered by the segments in the history.</param>
public readonly record struct ClockRate(bool IsKnown, double Ppm, double UncertaintyPpm, double SpanSeconds)
{
    /// <summary>Nothing measured yet.</summary>
    public static ClockRate Unknown { get; } = new(false, 0, double.PositiveInfinity, 0);
}

namespace Prosync.Actors.Continuity;

/// <summary>
/// Where a room's music is against the proxy's clock: at proxy time <see cref="AtMs"/> the room
/// plays song position <see cref="AtMs"/> + <see cref="OffsetMs"/>.
/// </summary>
/// <param name="IsValid">Playing, and the current segment has enough samples over enough time.</param>
/// <param name="OffsetMs">Position minus proxy time at <see cref="AtMs"/>, in ms: the upper envelope of the sample offsets (raised by its expected shortfall, see <see cref="PositionEstimatorOptions.CorrectShortfall"/>).</param>
/// <param name="AtMs">Proxy time of the newest sample (its arrival minus the one-way delay).</param>
/// <param name="UncertaintyMs">
/// How far <see cref="OffsetMs"/> may plausibly be off: the gap from the top to the
/// <see cref="PositionEstimatorOptions.UncertaintyRank"/>-th largest detrended offset (covered
/// the error 94–98 % of the time in simulation). It cannot see an error in the one-way delay.
/// </param>
/// <param name="Samples">Play samples in the window of the current segment.</param>
/// <param name="Segment">Counts discontinuities (song or state change, seek, <see cref="PositionEstimator.Restart"/>); offsets of different segments are not comparable.</param>
/// <param name="SongId">The song of the current segment.</param>
/// <param name="IsCarried">
/// The offset is the estimate from before a <see cref="PositionEstimator.Restart"/> moved by the
/// caller's expected shift, not yet measured anew: good for planning, not for measuring the rate.
/// </param>
public readonly record struct PositionEstimate(bool IsValid, double OffsetMs, double AtMs, double UncertaintyMs, int Samples, int Segment, int? SongId, bool IsCarried = false)
{
    /// <summary>Offset projected to proxy time <paramref name="nowMs"/> for a room running <paramref name="ratePpm"/> fast.</summary>
    public double OffsetAt(double nowMs, double ratePpm) => OffsetMs + (ratePpm * 1e-6 * (nowMs - AtMs));
}

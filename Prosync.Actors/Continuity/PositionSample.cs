namespace Prosync.Actors.Continuity;

/// <summary>
/// One answered <c>status</c> read on a room's probe connection: when it left and came back on the
/// proxy's monotonic clock, and what MPD said about the position.
/// </summary>
/// <param name="SentAtMs">When the request left the proxy (monotonic clock, ms).</param>
/// <param name="ReceivedAtMs">When the reply arrived (monotonic clock, ms).</param>
/// <param name="ElapsedMs">MPD's <c>elapsed</c> × 1000. It moves in output-chunk steps and is truncated to the ms, so it never runs ahead of the music.</param>
/// <param name="SongId">MPD's <c>songid</c>; null when no song is current.</param>
/// <param name="State">MPD's <c>state</c>.</param>
public readonly record struct PositionSample(double SentAtMs, double ReceivedAtMs, double ElapsedMs, int? SongId, PlayState State);

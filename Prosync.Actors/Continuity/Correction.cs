namespace Prosync.Actors.Continuity;

/// <summary>One planned move of one room's music.</summary>
/// <param name="Room">The room's <see cref="RoomPosition.Name"/>.</param>
/// <param name="Kind">Pause (the room is ahead) or seek forward (it is far behind).</param>
/// <param name="AmountMs">How long to pause, or how far to seek forward, in ms.</param>
/// <param name="ErrorMs">The room's measured offset minus the target's for a pause, minus the median's for a seek (negative: behind).</param>
/// <param name="Reason">One line for the log: why this room and this amount.</param>
public sealed record Correction(string Room, CorrectionKind Kind, double AmountMs, double ErrorMs, string Reason);

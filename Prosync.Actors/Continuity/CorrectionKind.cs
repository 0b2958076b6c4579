namespace Prosync.Actors.Continuity;

/// <summary>How a room's music is moved back into line.</summary>
public enum CorrectionKind
{
    /// <summary>
    /// Move the room back by <see cref="Correction.AmountMs"/>: it is ahead, its music waits (the action that does it,
    /// a pause or a seek, is the room's own: <see cref="CorrectionMethod"/>).
    /// </summary>
    Pause,

    /// <summary>Seek the room forward by <see cref="Correction.AmountMs"/>: it is too far behind for the others to wait.</summary>
    Seek,
}

namespace Prosync.Actors.Continuity;

/// <summary>How a room's music is moved back into line.</summary>
public enum CorrectionKind
{
    /// <summary>Pause the room for <see cref="Correction.AmountMs"/> and resume: the room is ahead, its music waits.</summary>
    Pause,

    /// <summary>Seek the room forward by <see cref="Correction.AmountMs"/>: it is too far behind for the others to wait.</summary>
    Seek,
}

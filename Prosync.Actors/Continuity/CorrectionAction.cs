namespace Prosync.Actors.Continuity;

/// <summary>What is asked of MPD to move a room (see <see cref="CorrectionMethod"/>).</summary>
public enum CorrectionAction
{
    /// <summary><c>pause 1</c>, then <c>play</c> some ms later: a short silence, the music goes on where it stopped.</summary>
    Pause,

    /// <summary>A timed absolute <c>seekcur</c> to where the room should be when it lands.</summary>
    SeekTo,

    /// <summary>A relative <c>seekcur ±x</c> (relative to MPD's own chunk-stepped position).</summary>
    SeekBy,
}

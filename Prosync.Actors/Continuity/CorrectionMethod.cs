namespace Prosync.Actors.Continuity;

/// <summary>Which correction moves a room by a given amount, and what to ask of MPD for it.</summary>
public static class CorrectionMethod
{
    /// <summary>
    /// A pause (pause, then resume that many ms later) is the gentlest correction: a short silence, the music then
    /// goes on where it stopped. It is used to move a room back whenever it lands within <paramref name="preciseMs"/>;
    /// a relative <c>seekcur</c> is used to move a room forward, when the room's pause cannot move it that little
    /// (its output drops more than asked), or when its pauses land worse than its seeks.
    /// </summary>
    /// <param name="shiftMs">How far to move the room: negative is back (it is ahead).</param>
    /// <returns>The kind, and the request: for a pause the (negative) time to stay paused, for a seek the relative seek.</returns>
    public static (CorrectionKind Kind, double RequestMs) Choose(double shiftMs, CorrectionResponse pause, CorrectionResponse seek,
        double preciseMs)
    {
        ArgumentNullException.ThrowIfNull(pause);
        ArgumentNullException.ThrowIfNull(seek);
        var pauseRequest = pause.RequestFor(shiftMs);
        var pauseCanDoIt = shiftMs < 0 && pauseRequest <= 0;
        var pauseIsWorse = pause.Observations >= 3 && pause.DispersionMs > preciseMs
            && !(seek.Observations >= 3 && seek.DispersionMs >= pause.DispersionMs);
        return pauseCanDoIt && !pauseIsWorse ? (CorrectionKind.Pause, pauseRequest) : (CorrectionKind.Seek, seek.RequestFor(shiftMs));
    }
}

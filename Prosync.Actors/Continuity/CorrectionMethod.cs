namespace Prosync.Actors.Continuity;

/// <summary>Which action moves a room by a given amount, and what to ask of MPD for it.</summary>
public static class CorrectionMethod
{
    /// <summary>
    /// The actions in order of preference. On MPD 0.23 a pause closes a <c>null</c> or <c>pipe</c> output (neither can
    /// pause) and lands within a chunk (23 ms) only, a third of the time a chunk off; a timed absolute seek lands
    /// within about a millisecond on a <c>null</c> output; on a <c>pipe</c> output only a relative seek does
    /// (docs/continuity-measurements.md). So the absolute seek is tried first, the pause last: a pause that does not
    /// land where it should is no gentler than a seek that does.
    /// </summary>
    public static IReadOnlyList<CorrectionAction> Preference { get; } = [CorrectionAction.SeekTo, CorrectionAction.SeekBy, CorrectionAction.Pause];

    /// <summary>
    /// A pause is tried only in a room whose seeks are both known to miss by more than this (ms): on MPD 0.23 a pause
    /// closes a <c>null</c> or <c>pipe</c> output and lands within a chunk (23 ms) at best, and on a pipe it restarts the
    /// sink (tens of ms of silence and a new offset), so exploring it costs more than a seek that misses by half a chunk.
    /// Measured in the bench: three exploratory pauses per pipe room were its largest errors.
    /// </summary>
    public const double PauseWorthTryingAboveMs = 12;

    /// <summary>
    /// The first action (in <see cref="Preference"/>) known to land within <paramref name="preciseMs"/> in this room;
    /// failing that, the first not yet tried enough to know (each is tried until it is known; a pause only where the
    /// seeks miss by more than <see cref="PauseWorthTryingAboveMs"/>); failing that, the one
    /// that lands best. How an action lands depends on the room's output far more than on the command, so it is
    /// learnt per room. A pause can only move a room back, and only by more than what it drops by itself.
    /// </summary>
    /// <param name="shiftMs">How far to move the room: negative is back (it is ahead).</param>
    /// <param name="responses">What each action does in this room.</param>
    /// <returns>The action and its request: for a pause the (negative) time to stay paused, for a seek the shift to ask for.</returns>
    public static (CorrectionAction Action, double RequestMs) Choose(double shiftMs,
        IReadOnlyDictionary<CorrectionAction, CorrectionResponse> responses, double preciseMs)
    {
        ArgumentNullException.ThrowIfNull(responses);
        var usable = Preference.Where(a => responses.ContainsKey(a) && CanDo(a, shiftMs, responses[a])).ToList();
        var action = usable.FirstOrDefault(a => responses[a].IsPrecise(preciseMs), CorrectionAction.SeekBy);
        if (!usable.Contains(action) || !responses[action].IsPrecise(preciseMs))
        {
            action = usable.FirstOrDefault(a => responses[a].Observations < CorrectionResponse.ObservationsToKnow
                && (a != CorrectionAction.Pause || SeeksMissBy(responses, PauseWorthTryingAboveMs)), CorrectionAction.SeekBy);
            if (!usable.Contains(action) || responses[action].Observations >= CorrectionResponse.ObservationsToKnow)
                // Never measured (NaN) ranks last: NaN would otherwise sort first and an unexplored action win.
                action = usable.Count > 0 ? usable.MinBy(a => double.IsNaN(responses[a].DispersionMs) ? double.PositiveInfinity : responses[a].DispersionMs)
                    : CorrectionAction.SeekBy;
        }
        var response = responses.TryGetValue(action, out var known) ? known : new CorrectionResponse(0);
        return (action, response.RequestFor(shiftMs));
    }

    /// <summary>Both seeks are known, and neither lands within <paramref name="ms"/>.</summary>
    private static bool SeeksMissBy(IReadOnlyDictionary<CorrectionAction, CorrectionResponse> responses, double ms) =>
        new[] { CorrectionAction.SeekTo, CorrectionAction.SeekBy }.All(a =>
            !responses.TryGetValue(a, out var r) || (r.Observations >= CorrectionResponse.ObservationsToKnow && !(r.DispersionMs <= ms)));

    private static bool CanDo(CorrectionAction action, double shiftMs, CorrectionResponse response) =>
        action != CorrectionAction.Pause || (shiftMs < 0 && response.RequestFor(shiftMs) <= 0);
}

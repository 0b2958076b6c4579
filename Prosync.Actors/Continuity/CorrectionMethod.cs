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
    /// The first action (in <see cref="Preference"/>) known to land within <paramref name="preciseMs"/> in this room;
    /// failing that, the first not yet tried enough to know (each is tried until it is known); failing that, the one
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
            action = usable.FirstOrDefault(a => responses[a].Observations < CorrectionResponse.ObservationsToKnow, CorrectionAction.SeekBy);
            if (!usable.Contains(action) || responses[action].Observations >= CorrectionResponse.ObservationsToKnow)
                action = usable.Count > 0 ? usable.MinBy(a => responses[a].DispersionMs) : CorrectionAction.SeekBy;
        }
        var response = responses.TryGetValue(action, out var known) ? known : new CorrectionResponse(0);
        return (action, response.RequestFor(shiftMs));
    }

    private static bool CanDo(CorrectionAction action, double shiftMs, CorrectionResponse response) =>
        action != CorrectionAction.Pause || (shiftMs < 0 && response.RequestFor(shiftMs) <= 0);
}

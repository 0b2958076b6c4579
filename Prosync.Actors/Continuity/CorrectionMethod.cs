namespace Prosync.Actors.Continuity;

/// <summary>Which action moves a room by a given amount, and what to ask of MPD for it.</summary>
public static class CorrectionMethod
{
    /// <summary>The actions in order of preference: the gentlest first.</summary>
    public static IReadOnlyList<CorrectionAction> Preference { get; } = [CorrectionAction.Pause, CorrectionAction.SeekTo, CorrectionAction.SeekBy];

    /// <summary>
    /// The gentlest action known to land within <paramref name="preciseMs"/> in this room; failing that, the gentlest
    /// not yet tried enough to know (each is tried until it is known); failing that, the one that lands best. How an
    /// action lands depends on the room's output far more than on the command (docs/continuity-measurements.md: on a
    /// <c>null</c> output a pause lands within a chunk, an absolute seek within about a millisecond; on a <c>pipe</c>
    /// output a pause restarts the output and only a relative seek is precise), so it is learnt per room. A pause can
    /// only move a room back, and only by more than what it drops by itself.
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

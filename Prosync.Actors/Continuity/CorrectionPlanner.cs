namespace Prosync.Actors.Continuity;

/// <summary>
/// Decides which rooms to move, and by how much, so all rooms play the same instant of the song.
/// </summary>
/// <remarks>
/// <para>
/// The target is the room furthest BEHIND (the laggard, lowest offset), never the primary or an
/// average: unmodified MPD cannot play faster or slower, and the gentlest correction it allows is
/// a short timed pause of the rooms that are ahead (the way Logitech Media Server keeps players
/// together). A pause can only move a room back, so the only reachable common position is the
/// laggard's. A room behind the median by more than <see cref="CorrectionOptions.MaxPauseMs"/>
/// (it restarted, or stalled) is not made the target, since everyone would hear a long gap: it is
/// seeked forward to the median instead, and the others are not paused for it.
/// </para>
/// <para>
/// A room ahead of the target by more than <see cref="CorrectionOptions.TriggerMs"/>, and by more
/// than the two estimates' uncertainties combined (otherwise the error may be noise; see
/// <see cref="CorrectionOptions.CombineUncertaintiesInQuadrature"/>), is paused for its error. When both rates are known and the room gains on the target, it is paused a little longer
/// (min(<see cref="CorrectionOptions.OvershootMaxMs"/>, relPpm·1e-6·<see cref="CorrectionOptions.HorizonMs"/>/2))
/// so it lands behind and drifts through zero, which halves how often it needs a pause; and it is
/// corrected early when the error predicted <see cref="CorrectionOptions.LookaheadMs"/> ahead (the
/// next round) would exceed the trigger, so the error peaks at the trigger instead of past it.
/// A room that the target gains on (relPpm &lt; 0) waits until trigger + OvershootMaxMs: the
/// target may be sitting an overshoot behind on purpose, and will come back by itself.
/// A room corrected less than <see cref="CorrectionOptions.MinIntervalMs"/> ago is left alone
/// (its estimate is starting over) unless its error exceeds <see cref="CorrectionOptions.UrgentMs"/>.
/// A room that just joined (<see cref="RoomPosition.IsJoining"/>) is not made the target while a room that was
/// already playing is there: one that lands behind is seeked forward to the others instead of everyone being moved
/// back to it, so a rejoin does not disturb the rooms that were in step.
/// At most one correction per room per plan. Pure: the caller applies the moves, restarts the
/// rooms' estimators, and remembers when.
/// </para>
/// </remarks>
public static class CorrectionPlanner
{
    /// <summary>Plans this round's corrections.</summary>
    /// <param name="rooms">Every room, with offsets projected to <paramref name="nowMs"/>.</param>
    /// <param name="nowMs">The planning instant on the proxy clock.</param>
    /// <param name="options">Tuning; <see cref="CorrectionOptions.Default"/> when null.</param>
    /// <returns>At most one correction per room; empty with fewer than two valid rooms.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public static IReadOnlyList<Correction> Plan(IReadOnlyList<RoomPosition> rooms, double nowMs, CorrectionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(rooms);
        options ??= CorrectionOptions.Default;
        options.Validate();

        var valid = rooms
            .Where(r => r.IsValid && double.IsFinite(r.OffsetMs))
            .OrderBy(r => r.OffsetMs)
            .ThenBy(r => r.Name, StringComparer.Ordinal)
            .ToList();
        if (valid.Count < 2)
            return [];

        // Upper median: with two rooms it is the one ahead, so the one far behind it is seeked. Of the rooms already in
        // step when there are any: rooms that just joined must not pull it (and with it the others) their way.
        var settled = valid.Where(r => !r.IsJoining).ToList();
        var basis = settled.Count > 0 ? settled : valid;
        double median = basis[basis.Count / 2].OffsetMs;
        var corrections = new List<Correction>();
        var near = new List<RoomPosition>();
        foreach (var room in valid)
        {
            double behind = median - room.OffsetMs;
            if (behind <= options.MaxPauseMs)
            {
                near.Add(room);
                continue;
            }
            if (!Settling(room, behind, nowMs, options))
                corrections.Add(new Correction(room.Name, CorrectionKind.Seek, behind, -behind, $"{behind:F1} ms behind the median: seek forward, the others do not wait"));
        }

        // A room that just joined is brought to the others, not they to it: the target is the laggard of the rooms
        // already playing together, unless every room is joining (a joining room became the primary after a failover).
        var target = near.FirstOrDefault(r => !r.IsJoining) ?? near.FirstOrDefault();
        if (target is null)
            return corrections;
        foreach (var room in near)
        {
            if (ReferenceEquals(room, target))
                continue;
            var correction = room.OffsetMs < target.OffsetMs ? CatchUp(room, target, nowMs, options) : Pause(room, target, nowMs, options);
            if (correction is not null)
                corrections.Add(correction);
        }
        return corrections;
    }

    /// <summary>A joining room behind the target: seeked forward to it, once the error is more than noise.</summary>
    private static Correction? CatchUp(RoomPosition room, RoomPosition target, double nowMs, CorrectionOptions options)
    {
        double behind = target.OffsetMs - room.OffsetMs;
        if (!(behind > options.TriggerMs) || !(behind > Noise(room, target, options)) || Settling(room, behind, nowMs, options))
            return null;
        return new Correction(room.Name, CorrectionKind.Seek, behind, -behind, $"{behind:F2} ms behind {target.Name} after joining: seek forward, the others do not wait");
    }

    private static double Noise(RoomPosition room, RoomPosition target, CorrectionOptions options) =>
        options.CombineUncertaintiesInQuadrature
            ? Math.Sqrt((room.UncertaintyMs * room.UncertaintyMs) + (target.UncertaintyMs * target.UncertaintyMs))
            : room.UncertaintyMs + target.UncertaintyMs;

    private static Correction? Pause(RoomPosition room, RoomPosition target, double nowMs, CorrectionOptions options)
    {
        double error = room.OffsetMs - target.OffsetMs;
        double? relPpm = room.RatePpm is double r && target.RatePpm is double t ? r - t : null;
        double predicted = error + ((relPpm ?? 0) * 1e-6 * options.LookaheadMs);
        // A target that gains on this room may sit up to an overshoot behind on purpose (it was
        // paused past zero and is drifting back): pausing this room for that would undo it.
        double trigger = relPpm < 0 ? options.TriggerMs + options.OvershootMaxMs : options.TriggerMs;
        bool due = error > trigger || (relPpm is not null && predicted > trigger);
        if (!due || !(error > Noise(room, target, options)) || Settling(room, error, nowMs, options))
            return null;

        double overshoot = relPpm > 0 ? Math.Min(options.OvershootMaxMs, relPpm.Value * 1e-6 * options.HorizonMs / 2) : 0;
        double amount = error + overshoot;
        if (amount < options.MinPauseMs)
            return null;
        string why = error > trigger ? $"{error:F2} ms ahead of {target.Name}" : $"{error:F2} ms ahead of {target.Name}, {predicted:F2} ms by the next round";
        return new Correction(room.Name, CorrectionKind.Pause, amount, error, overshoot > 0 ? $"{why}; +{overshoot:F2} ms overshoot for {relPpm:F0} ppm" : why);
    }

    private static bool Settling(RoomPosition room, double error, double nowMs, CorrectionOptions options) =>
        room.LastCorrectionAtMs is double last && nowMs - last < options.MinIntervalMs && !(error > options.UrgentMs);
}

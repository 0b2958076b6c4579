namespace Prosync.Actors.Scheduling;

/// <summary>
/// Plans a timed broadcast so all copies arrive together: the slowest path is sent first, at
/// <c>now + guard</c>, and each faster path is held back by the difference.
/// </summary>
public static class SendPlanner
{
    /// <summary>
    /// <c>EffectAt = now + max(OneWayMs) + guard</c> (<c>now + guard</c> when there are no paths);
    /// server i is sent at <c>EffectAt − OneWayMs_i</c>, rounded to the nearest 100 ns tick.
    /// </summary>
    /// <param name="now">The current monotonic time.</param>
    /// <param name="paths">One entry per server; server names must be distinct.</param>
    /// <param name="guard">Headroom for the planning and firing machinery; not negative.</param>
    /// <exception cref="ArgumentException">A delay is not finite, or a server appears twice.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="guard"/> is negative.</exception>
    public static SendPlan Plan(TimeSpan now, IReadOnlyList<PathDelay> paths, TimeSpan guard)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentOutOfRangeException.ThrowIfLessThan(guard, TimeSpan.Zero);

        if (paths.Count == 0)
            return new SendPlan(now + guard, []);

        var seen = new HashSet<string>(StringComparer.Ordinal);
        long maxTicks = long.MinValue;
        var oneWayTicks = new long[paths.Count];
        for (int i = 0; i < paths.Count; i++)
        {
            var path = paths[i];
            ArgumentNullException.ThrowIfNull(path.Server, nameof(paths));
            if (!double.IsFinite(path.OneWayMs))
                throw new ArgumentException($"Server '{path.Server}' has a non-finite one-way delay {path.OneWayMs}.", nameof(paths));
            if (!seen.Add(path.Server))
                throw new ArgumentException($"Server '{path.Server}' appears more than once.", nameof(paths));
            oneWayTicks[i] = (long)Math.Round(path.OneWayMs * TimeSpan.TicksPerMillisecond, MidpointRounding.AwayFromZero);
            maxTicks = Math.Max(maxTicks, oneWayTicks[i]);
        }

        var effectAt = now + guard + TimeSpan.FromTicks(maxTicks);
        var sends = new PlannedSend[paths.Count];
        for (int i = 0; i < paths.Count; i++)
            sends[i] = new PlannedSend(paths[i].Server, effectAt - TimeSpan.FromTicks(oneWayTicks[i]), paths[i].OneWayMs);

        // Stable: equal send times keep the caller's order.
        var ordered = sends.OrderBy(s => s.SendAt).ToArray();
        return new SendPlan(effectAt, ordered);
    }
}

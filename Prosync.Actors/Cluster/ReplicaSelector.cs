namespace Prosync.Actors.Cluster;

/// <summary>An in-sync room that could answer a read, with its measured round trip (NaN before any probe).</summary>
public readonly record struct ReplicaCandidate(string Name, double RttMs);

/// <summary>
/// Pure: which rooms a read goes to. Reads whose replies carry song ids or queue versions (or take them as
/// arguments) always go to the primary: those numbers differ per server and clients must see one server's.
/// Everything else (library, album art, stored playlists, settings) is the same in every in-sync room.
/// </summary>
public static class ReplicaSelector
{
    /// <summary>
    /// A session keeps its room until another one is this much faster (ratio and absolute margin), so
    /// ordinary jitter does not bounce it between rooms and its reads stay on one connection.
    /// </summary>
    public const double SwitchRatio = 1.5;
    public const double SwitchMarginMs = 1.0;

    /// <param name="candidates">The in-sync rooms, the primary among them.</param>
    /// <param name="sticky">The room this session read from last, if any.</param>
    /// <returns>The rooms to ask: one, or all of them for <see cref="ReadPolicy.Race"/>.</returns>
    public static IReadOnlyList<string> Choose(ReadPolicy policy, bool primaryOnly, string primary,
        IReadOnlyList<ReplicaCandidate> candidates, string? sticky, string? fixedServer)
    {
        if (primaryOnly) return [primary];
        switch (policy)
        {
            case ReadPolicy.Race:
                return candidates.Count > 0 ? candidates.Select(c => c.Name).ToList() : [primary];
            case ReadPolicy.Fixed:
                return [fixedServer is not null && candidates.Any(c => c.Name == fixedServer) ? fixedServer : primary];
            default:
                return [Closest(primary, candidates, sticky)];
        }
    }

    private static string Closest(string primary, IReadOnlyList<ReplicaCandidate> candidates, string? sticky)
    {
        // Unmeasured rooms are not chosen; with no measurements at all the primary answers.
        var measured = candidates.Where(c => !double.IsNaN(c.RttMs)).ToList();
        if (measured.Count == 0) return primary;
        // Ties go to the primary, then to configuration order.
        var best = measured.OrderBy(c => c.RttMs).ThenBy(c => c.Name == primary ? 0 : 1).First();
        if (sticky is not null && measured.FirstOrDefault(c => c.Name == sticky) is { Name: not null } kept
            && kept.RttMs <= best.RttMs * SwitchRatio + SwitchMarginMs)
            return kept.Name;
        return best.Name;
    }
}

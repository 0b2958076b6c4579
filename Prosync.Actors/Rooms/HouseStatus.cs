using Prosync.Actors.Cluster;

namespace Prosync.Actors.Rooms;

/// <summary>Pure: the house's status from each group's, as one <see cref="ClusterStatus"/> (the default group's player and primary).</summary>
public static class HouseStatus
{
    private const int History = 50;

    /// <param name="groups">Group names, in the order of <paramref name="statuses"/>; the default group first.</param>
    public static ClusterStatus Merge(IReadOnlyList<string> groups, IReadOnlyList<ClusterStatus> statuses, HouseLayout layout)
    {
        var servers = statuses.SelectMany((status, i) => status.Servers.Select(s => layout.Room(s.Name) is { } placement
                ? s with { Group = groups[i], Enabled = placement.Enabled, Trim = placement.Trim, OutputId = placement.OutputId }
                : s with { Group = groups[i] }))
            .OrderBy(s => s.OutputId).ToList();
        var first = statuses[0];
        return new ClusterStatus(servers, first.Primary,
            statuses.SelectMany(s => s.RecentBroadcasts).OrderByDescending(b => b.At).Take(History).ToList(),
            first.Player,
            statuses.SelectMany(s => s.RecentResyncs).OrderByDescending(r => r.At).Take(History).ToList())
        {
            Groups = statuses.Select((status, i) => new GroupStatus(groups[i], layout.RoomsIn(groups[i]), status.Primary, status.Player,
                status.Groups.FirstOrDefault()?.Volume ?? layout.GroupVolume(groups[i]))).ToList(),
        };
    }
}

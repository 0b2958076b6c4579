using Prosync.Actors.Cluster;
using Prosync.Actors.Latency;
using Prosync.Actors.Rooms;
using Prosync.Actors.Servers;

namespace Prosync.Actors.Tests.Rooms;

public sealed class HouseStatusTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 6, 0, 0, 0, TimeSpan.Zero);

    private static ServerStatus Room(string name) => new(name, "127.0.0.1:1", ServerState.InSync, 0, LatencyEstimate.None, double.NaN, T0,
        new ContinuityStatus(null, null, null, null, 0, null, null));

    private static ClusterStatus Group(string primary, int? volume, int minutes, params string[] rooms) =>
        new(rooms.Select(Room).ToList(), primary, [new BroadcastRecord(T0.AddMinutes(minutes), "play", rooms, 0, 0, 0, double.NaN)],
            new PlayerStatus("play", "a.flac", null, null, 1, 10, volume ?? -1), [new ResyncRecord(rooms[0], T0.AddMinutes(minutes), TimeSpan.Zero, 0, true)])
        {
            Groups = [new GroupStatus("default", rooms, primary, null, volume)],
        };

    [Fact]
    public void The_house_status_is_every_groups_rooms_in_output_order_with_the_default_groups_player()
    {
        var layout = new HouseLayout();
        layout.Reconcile([("kitchen", null), ("lounge", null), ("patio", 0.5)]);
        layout.AddGroup("outside");
        layout.MoveRoom("lounge", "outside");
        layout.SetEnabled("patio", false);

        var merged = HouseStatus.Merge(["default", "outside"],
            [Group("kitchen", 40, 1, "kitchen", "patio"), Group("lounge", 70, 2, "lounge")], layout);

        Assert.Equal(["kitchen", "lounge", "patio"], merged.Servers.Select(s => s.Name));
        Assert.Equal(["default", "outside", "default"], merged.Servers.Select(s => s.Group));
        var patio = merged.Servers[2];
        Assert.Equal((false, 0.5, 2), (patio.Enabled, patio.Trim, patio.OutputId));
        Assert.Equal("kitchen", merged.Primary);
        Assert.Equal(40, merged.Player!.Volume);
        Assert.Equal(["default", "outside"], merged.Groups.Select(g => g.Name));
        Assert.Equal(["lounge"], merged.Groups[1].Rooms);
        Assert.Equal(("lounge", 70), (merged.Groups[1].Primary, merged.Groups[1].Volume));
        // Newest first, from every group.
        Assert.Equal(["lounge", "kitchen"], merged.RecentResyncs.Select(r => r.Server));
        Assert.Equal(2, merged.RecentBroadcasts.Count);
        Assert.Equal(3, merged.InSyncCount);
    }
}

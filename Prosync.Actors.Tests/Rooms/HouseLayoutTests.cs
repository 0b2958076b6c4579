using Prosync.Actors.Rooms;

namespace Prosync.Actors.Tests.Rooms;

public sealed class HouseLayoutTests
{
    private static HouseLayout Layout(params string[] rooms)
    {
        var layout = new HouseLayout();
        layout.Reconcile(rooms.Select(r => (r, (double?)null)));
        return layout;
    }

    [Fact]
    public void Configured_rooms_start_in_the_default_group_playing_at_full_trim_with_ids_in_configuration_order()
    {
        var layout = Layout("kitchen", "lounge");
        Assert.Equal(["default"], layout.Groups);
        Assert.Equal([("kitchen", new RoomPlacement(0, "default", true, 1)), ("lounge", new RoomPlacement(1, "default", true, 1))], layout.Rooms);
        Assert.Equal("lounge", layout.RoomWithId(1));
        Assert.Null(layout.RoomWithId(2));
    }

    [Fact]
    public void Reconcile_drops_rooms_no_longer_configured_and_adds_new_ones_with_their_configured_trim_and_fresh_ids()
    {
        var layout = Layout("kitchen", "lounge", "patio");
        layout.AddGroup("up");
        layout.MoveRoom("patio", "up");
        layout.Reconcile([("lounge", null), ("patio", null), ("attic", 0.5)]);
        Assert.False(layout.HasRoom("kitchen"));
        Assert.Equal(new RoomPlacement(1, "default", true, 1), layout.Room("lounge"));
        Assert.Equal(new RoomPlacement(2, "up", true, 1), layout.Room("patio"));
        // Ids are never reused while a room holds one: the new room gets the next one.
        Assert.Equal(new RoomPlacement(3, "default", true, 0.5), layout.Room("attic"));
    }

    [Theory]
    [InlineData("up", LayoutOutcome.Done)]
    [InlineData("a_b-2", LayoutOutcome.Done)]
    [InlineData("default", LayoutOutcome.GroupExists)]
    [InlineData("a.b", LayoutOutcome.BadGroupName)]
    [InlineData("a b", LayoutOutcome.BadGroupName)]
    [InlineData("", LayoutOutcome.BadGroupName)]
    [InlineData("Zoë", LayoutOutcome.BadGroupName)]
    public void Group_names_follow_mpds_partition_rule(string name, LayoutOutcome outcome)
    {
        Assert.Equal(outcome, new HouseLayout().AddGroup(name));
    }

    [Fact]
    public void A_group_is_deleted_only_when_empty_and_never_the_default()
    {
        var layout = Layout("kitchen");
        layout.AddGroup("up");
        layout.MoveRoom("kitchen", "up");
        Assert.Equal(LayoutOutcome.GroupHasRooms, layout.RemoveGroup("up"));
        Assert.Equal(LayoutOutcome.DefaultGroup, layout.RemoveGroup("default"));
        Assert.Equal(LayoutOutcome.NoSuchGroup, layout.RemoveGroup("attic"));
        Assert.Equal(LayoutOutcome.Done, layout.MoveRoom("kitchen", "default"));
        Assert.Equal(LayoutOutcome.Done, layout.RemoveGroup("up"));
        Assert.Equal(["default"], layout.Groups);
    }

    [Fact]
    public void Moves_switches_and_trims_say_what_they_came_to()
    {
        var layout = Layout("kitchen");
        Assert.Equal(LayoutOutcome.Unchanged, layout.MoveRoom("kitchen", "default"));
        Assert.Equal(LayoutOutcome.NoSuchGroup, layout.MoveRoom("kitchen", "up"));
        Assert.Equal(LayoutOutcome.NoSuchRoom, layout.MoveRoom("attic", "default"));
        Assert.Equal(LayoutOutcome.Done, layout.SetEnabled("kitchen", false));
        Assert.Equal(LayoutOutcome.Unchanged, layout.SetEnabled("kitchen", false));
        Assert.Equal(LayoutOutcome.BadTrim, layout.SetTrim("kitchen", 1.2));
        Assert.Equal(LayoutOutcome.BadTrim, layout.SetTrim("kitchen", double.NaN));
        Assert.Equal(LayoutOutcome.Done, layout.SetTrim("kitchen", 0));
        Assert.Equal(new RoomPlacement(0, "default", false, 0), layout.Room("kitchen"));
        Assert.Null(layout.GroupVolume("default"));
        Assert.Equal(LayoutOutcome.Done, layout.SetGroupVolume("default", 140));
        Assert.Equal(100, layout.GroupVolume("default"));
    }
}

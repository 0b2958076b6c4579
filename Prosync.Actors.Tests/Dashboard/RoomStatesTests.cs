using Prosync.Actors.Servers;
using Prosync.Host.Status;

namespace Prosync.Actors.Tests.Dashboard;

public class RoomStatesTests
{
    [Theory]
    [InlineData(new[] { ServerState.Connecting }, "Syncing")]
    [InlineData(new[] { ServerState.Connecting, ServerState.Syncing, ServerState.InSync }, "InSync")]
    [InlineData(new[] { ServerState.InSync, ServerState.Down }, "Down")]
    [InlineData(new[] { ServerState.InSync, ServerState.Down, ServerState.Connecting }, "Down")]
    [InlineData(new[] { ServerState.Down, ServerState.Connecting, ServerState.Down, ServerState.Connecting }, "Down")]
    [InlineData(new[] { ServerState.Down, ServerState.Connecting, ServerState.Syncing }, "Syncing")]
    [InlineData(new[] { ServerState.Down, ServerState.Connecting, ServerState.Syncing, ServerState.InSync }, "InSync")]
    public void A_reconnecting_room_stays_Down_until_it_is_connected(ServerState[] engine, string shown)
    {
        var states = new RoomStates();
        var last = "";
        foreach (var state in engine)
        {
            last = states.Show("kitchen", state);
        }
        Assert.Equal(shown, last);
    }

    [Fact]
    public void A_room_removed_and_added_again_starts_afresh()
    {
        var states = new RoomStates();
        states.Show("kitchen", ServerState.Down);
        states.Retain(["living"]);
        Assert.Equal("Syncing", states.Show("kitchen", ServerState.Connecting));
    }
}

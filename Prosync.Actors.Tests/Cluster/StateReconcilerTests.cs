using Prosync.Actors.Cluster;

namespace Prosync.Actors.Tests.Cluster;

public sealed class StateReconcilerTests
{
    private static RoomState Room(string[] queue, string state = "stop", int song = -1, double elapsed = 0,
        int volume = 50, string random = "0") => new()
    {
        Queue = queue,
        Options = new Dictionary<string, string> { ["repeat"] = "0", ["random"] = random, ["single"] = "0", ["consume"] = "0", ["xfade"] = "0" },
        Volume = volume,
        Outputs = new Dictionary<string, bool> { ["null"] = true },
        OutputIds = new Dictionary<string, int> { ["null"] = 0 },
        State = state,
        SongPosition = song,
        ElapsedSeconds = elapsed,
    };

    [Fact]
    public void Equal_rooms_need_nothing() =>
        Assert.Empty(StateReconciler.Commands(Room(["a", "b"]), Room(["a", "b"])));

    [Fact]
    public void A_room_holding_a_prefix_of_the_queue_only_gets_the_rest_appended() =>
        Assert.Equal(["add \"b\"", "add \"c\""], StateReconciler.Commands(Room(["a", "b", "c"]), Room(["a"])));

    [Fact]
    public void The_same_songs_in_another_order_are_moved_not_rebuilt()
    {
        var commands = StateReconciler.Commands(Room(["a", "b", "c"]), Room(["c", "a", "b"]));
        Assert.NotEmpty(commands);
        Assert.All(commands, c => Assert.StartsWith("move ", c));
    }

    [Fact]
    public void Different_songs_clear_and_add_then_options_and_volume_follow() =>
        Assert.Equal(["clear", "add \"x\"", "add \"y z\"", "random \"1\"", "setvol 70"],
            StateReconciler.Commands(Room(["x", "y z"], volume: 70, random: "1"), Room(["a"])));

    private static readonly TimeSpan Tolerance = TimeSpan.FromMilliseconds(150);

    [Fact]
    public void A_stopped_room_must_have_the_same_current_song_even_when_the_cluster_has_none()
    {
        var cluster = Room(["a", "b"]);
        Assert.True(StateReconciler.PlaybackMatches(cluster, Room(["a", "b"]), TimeSpan.Zero, Tolerance));
        Assert.False(StateReconciler.PlaybackMatches(cluster, Room(["a", "b"], song: 1), TimeSpan.Zero, Tolerance));
        Assert.False(StateReconciler.PlaybackMatches(Room(["a", "b"], song: 0), Room(["a", "b"]), TimeSpan.Zero, Tolerance));
    }

    [Fact]
    public void Forgetting_the_current_song_puts_the_same_file_back_in_its_place() =>
        Assert.Equal(["stop", "delete 1", "addid \"b c\" \"1\""], StateReconciler.ForgetCurrentSong(Room(["a", "b c"], song: 1)));

    [Fact]
    public void Playing_rooms_match_within_the_tolerance_once_the_reading_times_are_allowed_for()
    {
        var cluster = Room(["a"], "play", 0, elapsed: 10.0);
        Assert.True(StateReconciler.PlaybackMatches(cluster, Room(["a"], "play", 0, 10.5), TimeSpan.FromMilliseconds(450), Tolerance));
        Assert.False(StateReconciler.PlaybackMatches(cluster, Room(["a"], "play", 0, 10.5), TimeSpan.Zero, Tolerance));
        Assert.False(StateReconciler.PlaybackMatches(cluster, Room(["a"], "pause", 0, 10.0), TimeSpan.Zero, Tolerance));
    }
}

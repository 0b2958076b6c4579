using Prosync.Actors.Protocol;

namespace Prosync.Actors.Tests.Protocol;

public class SubsystemNamesTests
{
    [Theory]
    [InlineData("database", Subsystems.Database)]
    [InlineData("stored_playlist", Subsystems.StoredPlaylist)]
    [InlineData("playlist", Subsystems.Playlist)]
    [InlineData("player", Subsystems.Player)]
    [InlineData("mixer", Subsystems.Mixer)]
    [InlineData("output", Subsystems.Output)]
    [InlineData("options", Subsystems.Options)]
    [InlineData("sticker", Subsystems.Sticker)]
    [InlineData("update", Subsystems.Update)]
    [InlineData("subscription", Subsystems.Subscription)]
    [InlineData("message", Subsystems.Message)]
    [InlineData("neighbor", Subsystems.Neighbor)]
    [InlineData("mount", Subsystems.Mount)]
    [InlineData("partition", Subsystems.Partition)]
    [InlineData("PLAYER", Subsystems.Player)]                  // mpd 0.23.12 accepts "idle PLAYER"
    [InlineData("Stored_Playlist", Subsystems.StoredPlaylist)] // and "idle Stored_Playlist"
    public void Parses_MPDs_names_ignoring_ASCII_case(string name, Subsystems expected)
    {
        Assert.True(SubsystemNames.TryParse(name, out Subsystems parsed));
        Assert.Equal(expected, parsed);
    }

    [Theory]
    [InlineData("foo")]          // mpd: ACK [2@0] {idle} Unrecognized idle event: foo
    [InlineData("")]
    [InlineData("storedplaylist")]
    [InlineData("stored playlist")]
    [InlineData("players")]
    [InlineData("all")]
    [InlineData("none")]
    [InlineData("\u017Fticker")] // long s upper-cases to S in Unicode, but MPD compares ASCII only
    public void Rejects_other_names(string name)
    {
        Assert.False(SubsystemNames.TryParse(name, out Subsystems parsed));
        Assert.Equal(Subsystems.None, parsed);
    }

    [Fact]
    public void Names_come_in_MPDs_order()
    {
        Assert.Equal(
            ["database", "stored_playlist", "playlist", "player", "mixer", "output", "options", "sticker", "update",
             "subscription", "message", "neighbor", "mount", "partition"],
            SubsystemNames.Names(Subsystems.All));
    }

    [Fact]
    public void Names_follow_MPDs_order_not_the_order_events_happened()
    {
        // mpd 0.23.12, one connection: save, add, consume 1, subscribe, disableoutput/enableoutput, rm, consume 0,
        // clear, then idle → this exact response.
        Subsystems pending = Subsystems.Subscription | Subsystems.Options | Subsystems.Output | Subsystems.Mixer
            | Subsystems.Playlist | Subsystems.StoredPlaylist;
        Assert.Equal(ResponseSamples.Idle.Expected.Lines, SubsystemNames.ChangedLines(pending));
    }

    [Fact]
    public void Partition_comes_last_although_its_bit_is_lower_than_stickers()
    {
        Assert.Equal(["sticker", "partition"], SubsystemNames.Names(Subsystems.Partition | Subsystems.Sticker));
        Assert.Empty(SubsystemNames.Names(Subsystems.None));
    }

    [Fact]
    public void Every_flag_has_one_name_and_All_is_every_flag()
    {
        Subsystems[] singles = [.. Enum.GetValues<Subsystems>().Where(s => s is not Subsystems.None and not Subsystems.All)];
        Assert.Equal(14, singles.Length);
        Assert.Equal(Subsystems.All, singles.Aggregate(Subsystems.None, (a, b) => a | b));
        foreach (Subsystems s in singles)
        {
            Assert.True(SubsystemNames.TryParse(SubsystemNames.Name(s), out Subsystems back));
            Assert.Equal(s, back);
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => SubsystemNames.Name(Subsystems.Player | Subsystems.Mixer));
    }
}

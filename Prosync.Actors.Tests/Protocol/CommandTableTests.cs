using Prosync.Actors.Protocol;

namespace Prosync.Actors.Tests.Protocol;

public class CommandTableTests
{
    /// <summary>
    /// MPD 0.23's command registry (src/command/AllCommands.cxx, identical from 0.23.0 to 0.23.17) with its argument
    /// limits (min, max; -1 = unchecked / unlimited). mpd 0.23.12's <c>commands</c> lists all but sticker (no sticker
    /// database configured) and listneighbors (no neighbor plugin).
    /// </summary>
    private static readonly (string Name, int Min, int Max)[] Mpd023 =
    [
        ("add", 1, 2), ("addid", 1, 2), ("addtagid", 3, 3), ("albumart", 2, 2), ("binarylimit", 1, 1), ("channels", 0, 0),
        ("clear", 0, 0), ("clearerror", 0, 0), ("cleartagid", 1, 2), ("close", -1, -1), ("commands", 0, 0), ("config", 0, 0),
        ("consume", 1, 1), ("count", 1, -1), ("crossfade", 1, 1), ("currentsong", 0, 0), ("decoders", 0, 0), ("delete", 1, 1),
        ("deleteid", 1, 1), ("delpartition", 1, 1), ("disableoutput", 1, 1), ("enableoutput", 1, 1), ("find", 1, -1),
        ("findadd", 1, -1), ("getfingerprint", 1, 1), ("getvol", 0, 0), ("idle", 0, -1), ("kill", -1, -1), ("list", 1, -1),
        ("listall", 0, 1), ("listallinfo", 0, 1), ("listfiles", 0, 1), ("listmounts", 0, 0), ("listneighbors", 0, 0),
        ("listpartitions", 0, 0), ("listplaylist", 1, 1), ("listplaylistinfo", 1, 1), ("listplaylists", 0, 0), ("load", 1, 3),
        ("lsinfo", 0, 1), ("mixrampdb", 1, 1), ("mixrampdelay", 1, 1), ("mount", 2, 2), ("move", 2, 2), ("moveid", 2, 2),
        ("moveoutput", 1, 1), ("newpartition", 1, 1), ("next", 0, 0), ("notcommands", 0, 0), ("outputs", 0, 0),
        ("outputset", 3, 3), ("partition", 1, 1), ("password", 1, 1), ("pause", 0, 1), ("ping", 0, 0), ("play", 0, 1),
        ("playid", 0, 1), ("playlist", 0, 0), ("playlistadd", 2, 3), ("playlistclear", 1, 1), ("playlistdelete", 2, 2),
        ("playlistfind", 1, -1), ("playlistid", 0, 1), ("playlistinfo", 0, 1), ("playlistmove", 3, 3), ("playlistsearch", 1, -1),
        ("plchanges", 1, 2), ("plchangesposid", 1, 2), ("previous", 0, 0), ("prio", 2, -1), ("prioid", 2, -1), ("random", 1, 1),
        ("rangeid", 2, 2), ("readcomments", 1, 1), ("readmessages", 0, 0), ("readpicture", 2, 2), ("rename", 2, 2),
        ("repeat", 1, 1), ("replay_gain_mode", 1, 1), ("replay_gain_status", 0, 0), ("rescan", 0, 1), ("rm", 1, 1),
        ("save", 1, 1), ("search", 1, -1), ("searchadd", 1, -1), ("searchaddpl", 2, -1), ("seek", 2, 2), ("seekcur", 1, 1),
        ("seekid", 2, 2), ("sendmessage", 2, 2), ("setvol", 1, 1), ("shuffle", 0, 1), ("single", 1, 1), ("stats", 0, 0),
        ("status", 0, 0), ("sticker", 3, -1), ("stop", 0, 0), ("subscribe", 1, 1), ("swap", 2, 2), ("swapid", 2, 2),
        ("tagtypes", 0, -1), ("toggleoutput", 1, 1), ("unmount", 1, 1), ("unsubscribe", 1, 1), ("update", 0, 1),
        ("urlhandlers", 0, 0), ("volume", 1, 1),
    ];

    private static readonly string[] Keywords = ["command_list_begin", "command_list_end", "command_list_ok_begin", "noidle"];

    [Fact]
    public void Every_MPD_023_command_is_in_the_table_with_MPDs_argument_limits()
    {
        Assert.Equal(107, Mpd023.Length);
        foreach ((string name, int min, int max) in Mpd023)
        {
            CommandInfo? info = CommandTable.Find(name);
            Assert.NotNull(info);
            Assert.Equal(name, info.Name);
            Assert.Equal((name, min, max), (name, info.MinArgs, info.MaxArgs));
            Assert.False(info.IsLineKeyword);
        }
    }

    [Fact]
    public void The_table_holds_exactly_MPDs_commands_and_its_four_line_keywords()
    {
        Assert.Equal(
            Mpd023.Select(c => c.Name).Concat(Keywords).Order(StringComparer.Ordinal),
            CommandTable.All.Select(c => c.Name));
        Assert.All(Keywords, k => Assert.True(CommandTable.Find(k)!.IsLineKeyword));
        Assert.All(Keywords, k => Assert.Equal(CommandRoute.Local, CommandTable.Find(k)!.Route));
    }

    [Theory]
    [InlineData("foo")]
    [InlineData("Status")]   // MPD looks names up case-sensitively
    [InlineData("STATUS")]
    [InlineData("")]
    [InlineData("status ")]
    [InlineData("ping_Az9")]
    public void Unknown_names_are_not_found(string name)
    {
        Assert.Null(CommandTable.Find(name));
        Assert.Equal($"ACK [5@0] {{}} unknown command \"{name}\"", MpdError.UnknownCommand(name).ToString());
    }

    [Theory]
    [InlineData("play", CommandRoute.BroadcastTimed)]
    [InlineData("playid", CommandRoute.BroadcastTimed)]
    [InlineData("pause", CommandRoute.BroadcastTimed)]
    [InlineData("stop", CommandRoute.BroadcastTimed)]
    [InlineData("next", CommandRoute.BroadcastTimed)]
    [InlineData("previous", CommandRoute.BroadcastTimed)]
    [InlineData("seek", CommandRoute.BroadcastTimed)]
    [InlineData("seekid", CommandRoute.BroadcastTimed)]
    [InlineData("seekcur", CommandRoute.BroadcastTimed)]
    [InlineData("setvol", CommandRoute.BroadcastTimed)]
    [InlineData("volume", CommandRoute.BroadcastTimed)]
    [InlineData("repeat", CommandRoute.BroadcastTimed)]
    [InlineData("random", CommandRoute.BroadcastTimed)]
    [InlineData("single", CommandRoute.BroadcastTimed)]
    [InlineData("consume", CommandRoute.BroadcastTimed)]
    [InlineData("crossfade", CommandRoute.BroadcastTimed)]
    [InlineData("mixrampdb", CommandRoute.BroadcastTimed)]
    [InlineData("mixrampdelay", CommandRoute.BroadcastTimed)]
    [InlineData("replay_gain_mode", CommandRoute.BroadcastTimed)]
    [InlineData("enableoutput", CommandRoute.BroadcastTimed)]
    [InlineData("disableoutput", CommandRoute.BroadcastTimed)]
    [InlineData("toggleoutput", CommandRoute.BroadcastTimed)]
    [InlineData("outputset", CommandRoute.BroadcastTimed)]
    [InlineData("add", CommandRoute.Broadcast)]
    [InlineData("addid", CommandRoute.Broadcast)]
    [InlineData("clear", CommandRoute.Broadcast)]
    [InlineData("deleteid", CommandRoute.Broadcast)]
    [InlineData("prioid", CommandRoute.Broadcast)]
    [InlineData("load", CommandRoute.Broadcast)]
    [InlineData("findadd", CommandRoute.Broadcast)]
    [InlineData("searchadd", CommandRoute.Broadcast)]
    [InlineData("searchaddpl", CommandRoute.Broadcast)]
    [InlineData("save", CommandRoute.Broadcast)]
    [InlineData("rm", CommandRoute.Broadcast)]
    [InlineData("rename", CommandRoute.Broadcast)]
    [InlineData("playlistadd", CommandRoute.Broadcast)]
    [InlineData("playlistclear", CommandRoute.Broadcast)]
    [InlineData("playlistdelete", CommandRoute.Broadcast)]
    [InlineData("playlistmove", CommandRoute.Broadcast)]
    [InlineData("update", CommandRoute.Broadcast)]
    [InlineData("rescan", CommandRoute.Broadcast)]
    [InlineData("clearerror", CommandRoute.Broadcast)]
    [InlineData("mount", CommandRoute.Broadcast)]
    [InlineData("unmount", CommandRoute.Broadcast)]
    [InlineData("sticker", CommandRoute.Broadcast)]
    [InlineData("shuffle", CommandRoute.PrimaryThenReplicate)]
    [InlineData("status", CommandRoute.Read)]
    [InlineData("currentsong", CommandRoute.Read)]
    [InlineData("stats", CommandRoute.Read)]
    [InlineData("getvol", CommandRoute.Read)]
    [InlineData("playlistinfo", CommandRoute.Read)]
    [InlineData("playlistid", CommandRoute.Read)]
    [InlineData("plchanges", CommandRoute.Read)]
    [InlineData("plchangesposid", CommandRoute.Read)]
    [InlineData("lsinfo", CommandRoute.Read)]
    [InlineData("listallinfo", CommandRoute.Read)]
    [InlineData("listplaylistinfo", CommandRoute.Read)]
    [InlineData("albumart", CommandRoute.Read)]
    [InlineData("readpicture", CommandRoute.Read)]
    [InlineData("outputs", CommandRoute.Read)]
    [InlineData("commands", CommandRoute.Read)]
    [InlineData("listmounts", CommandRoute.Read)]
    [InlineData("listneighbors", CommandRoute.Read)]
    [InlineData("getfingerprint", CommandRoute.Read)]
    [InlineData("ping", CommandRoute.Local)]
    [InlineData("close", CommandRoute.Local)]
    [InlineData("idle", CommandRoute.Local)]
    [InlineData("noidle", CommandRoute.Local)]
    [InlineData("password", CommandRoute.Local)]
    [InlineData("tagtypes", CommandRoute.Local)]
    [InlineData("binarylimit", CommandRoute.Local)]
    [InlineData("command_list_ok_begin", CommandRoute.Local)]
    [InlineData("subscribe", CommandRoute.Local)]
    [InlineData("unsubscribe", CommandRoute.Local)]
    [InlineData("channels", CommandRoute.Local)]
    [InlineData("readmessages", CommandRoute.Local)]
    [InlineData("sendmessage", CommandRoute.Local)]
    [InlineData("kill", CommandRoute.Refused)]
    [InlineData("config", CommandRoute.Refused)]
    [InlineData("partition", CommandRoute.Read)]
    [InlineData("newpartition", CommandRoute.Read)]
    [InlineData("delpartition", CommandRoute.Read)]
    [InlineData("listpartitions", CommandRoute.Read)]
    [InlineData("moveoutput", CommandRoute.Read)]
    public void Routes(string name, CommandRoute route)
    {
        Assert.Equal(route, CommandTable.Find(name)!.Route);
    }

    [Theory]
    [InlineData("playid", new[] { 0 })]
    [InlineData("seekid", new[] { 0 })]
    [InlineData("deleteid", new[] { 0 })]
    [InlineData("moveid", new[] { 0 })]
    [InlineData("swapid", new[] { 0, 1 })]
    [InlineData("prioid", new[] { -1 })]
    [InlineData("rangeid", new[] { 0 })]
    [InlineData("addtagid", new[] { 0 })]
    [InlineData("cleartagid", new[] { 0 })]
    [InlineData("playlistid", new[] { 0 })]
    public void Song_id_arguments(string name, int[] ids)
    {
        Assert.Equal(ids, CommandTable.Find(name)!.SongIdArgs);
    }

    [Fact]
    public void Only_the_id_commands_have_song_id_arguments()
    {
        string[] withIds = ["addtagid", "cleartagid", "deleteid", "moveid", "playid", "playlistid", "prioid", "rangeid", "seekid", "swapid"];
        Assert.Equal(withIds, CommandTable.All.Where(c => c.SongIdArgs.Count > 0).Select(c => c.Name));
    }

    [Fact]
    public void IsSongIdArg_reads_minus_one_as_every_argument_after_the_priority()
    {
        CommandInfo prioid = CommandTable.Find("prioid")!;
        Assert.False(prioid.IsSongIdArg(0));
        Assert.All(Enumerable.Range(1, 20), i => Assert.True(prioid.IsSongIdArg(i)));

        CommandInfo moveid = CommandTable.Find("moveid")!;
        Assert.True(moveid.IsSongIdArg(0));
        Assert.False(moveid.IsSongIdArg(1)); // the destination is a position

        CommandInfo swapid = CommandTable.Find("swapid")!;
        Assert.True(swapid.IsSongIdArg(0) && swapid.IsSongIdArg(1) && !swapid.IsSongIdArg(2));
        Assert.False(CommandTable.Find("play")!.IsSongIdArg(0)); // play takes a position
    }

    [Fact]
    public void Queue_changing_commands()
    {
        string[] expected =
        [
            "add", "addid", "addtagid", "clear", "cleartagid", "delete", "deleteid", "findadd", "load", "move", "moveid",
            "next", "prio", "prioid", "rangeid", "searchadd", "shuffle", "swap", "swapid",
        ];
        Assert.Equal(expected, CommandTable.All.Where(c => c.ChangesQueue).Select(c => c.Name));
    }

    /// <summary>Replies of mpd 0.23.12 to a wrong argument count.</summary>
    [Theory]
    [InlineData("ping", 1, "ACK [2@0] {ping} wrong number of arguments for \"ping\"")]
    [InlineData("ping", 63, "ACK [2@0] {ping} wrong number of arguments for \"ping\"")]
    [InlineData("seek", 1, "ACK [2@0] {seek} wrong number of arguments for \"seek\"")]
    [InlineData("binarylimit", 0, "ACK [2@0] {binarylimit} wrong number of arguments for \"binarylimit\"")]
    [InlineData("password", 0, "ACK [2@0] {password} wrong number of arguments for \"password\"")]
    [InlineData("add", 0, "ACK [2@0] {add} too few arguments for \"add\"")]
    [InlineData("load", 0, "ACK [2@0] {load} too few arguments for \"load\"")]
    [InlineData("add", 3, "ACK [2@0] {add} too many arguments for \"add\"")]
    [InlineData("lsinfo", 2, "ACK [2@0] {lsinfo} too many arguments for \"lsinfo\"")]
    [InlineData("noidle", 1, "ACK [5@0] {} unknown command \"noidle\"")]
    [InlineData("command_list_begin", 1, "ACK [5@0] {} unknown command \"command_list_begin\"")]
    [InlineData("ping", 0, null)]
    [InlineData("add", 2, null)]
    [InlineData("idle", 14, null)]
    [InlineData("find", 63, null)]
    [InlineData("close", 5, null)]   // MPD does not check close's or kill's arguments
    [InlineData("kill", 1, null)]
    [InlineData("noidle", 0, null)]
    public void Argument_count_checks_give_MPDs_replies(string name, int count, string? expected)
    {
        Assert.Equal(expected, CommandTable.Find(name)!.CheckArguments(count)?.ToString());
    }
}

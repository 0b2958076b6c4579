using System.Collections.Frozen;

namespace Prosync.Actors.Protocol;

/// <summary>
/// How the proxy routes each command MPD 0.23 knows (every entry of MPD's command registry, the same in 0.23.0 to
/// 0.23.17, including build-dependent ones such as sticker, getfingerprint and listneighbors), plus the four keywords MPD
/// handles before its registry. Names are case-sensitive, as in MPD: <c>Status</c> is unknown.
/// Anything not found is Refused with <c>ACK [5@0] {} unknown command "x"</c> (<see cref="MpdError.UnknownCommand"/>).
/// </summary>
public static class CommandTable
{
    private static readonly int[] None = [];
    private static readonly int[] First = [0];

    /// <summary>
    /// Heard at once in the room, so every server must apply it at the same instant: transport (play, pause, stop,
    /// next, previous, seeks), volume, playback options (they decide what plays next and how songs join) and outputs.
    /// random is timed like the other options, though which song plays next under it still depends on each server's
    /// RNG. next changes the queue in consume mode (MPD deletes the song it leaves). Through the house, outputs are
    /// rooms: the output commands (and <c>outputs</c>) are answered by Rooms/HouseActor, not broadcast; the entries
    /// here are what a cluster running alone does with them.
    /// </summary>
    private static readonly CommandInfo[] Timed =
    [
        new("play", CommandRoute.BroadcastTimed, None, false) { MinArgs = 0, MaxArgs = 1 }, // argument is a position
        new("playid", CommandRoute.BroadcastTimed, First, false) { MinArgs = 0, MaxArgs = 1 },
        new("pause", CommandRoute.BroadcastTimed, None, false) { MinArgs = 0, MaxArgs = 1 },
        new("stop", CommandRoute.BroadcastTimed, None, false) { MinArgs = 0, MaxArgs = 0 },
        new("next", CommandRoute.BroadcastTimed, None, true) { MinArgs = 0, MaxArgs = 0 },
        new("previous", CommandRoute.BroadcastTimed, None, false) { MinArgs = 0, MaxArgs = 0 },
        new("seek", CommandRoute.BroadcastTimed, None, false) { MinArgs = 2, MaxArgs = 2 },
        new("seekid", CommandRoute.BroadcastTimed, First, false) { MinArgs = 2, MaxArgs = 2 },
        new("seekcur", CommandRoute.BroadcastTimed, None, false) { MinArgs = 1, MaxArgs = 1 },
        new("setvol", CommandRoute.BroadcastTimed, None, false) { Affects = Subsystems.Mixer, MinArgs = 1, MaxArgs = 1 },
        new("volume", CommandRoute.BroadcastTimed, None, false) { Affects = Subsystems.Mixer, MinArgs = 1, MaxArgs = 1 },
        new("repeat", CommandRoute.BroadcastTimed, None, false) { Affects = Subsystems.Options, MinArgs = 1, MaxArgs = 1 },
        new("random", CommandRoute.BroadcastTimed, None, false) { Affects = Subsystems.Options, MinArgs = 1, MaxArgs = 1 },
        new("single", CommandRoute.BroadcastTimed, None, false) { Affects = Subsystems.Options, MinArgs = 1, MaxArgs = 1 },
        new("consume", CommandRoute.BroadcastTimed, None, false) { Affects = Subsystems.Options, MinArgs = 1, MaxArgs = 1 },
        new("crossfade", CommandRoute.BroadcastTimed, None, false) { Affects = Subsystems.Options, MinArgs = 1, MaxArgs = 1 },
        new("mixrampdb", CommandRoute.BroadcastTimed, None, false) { Affects = Subsystems.Options, MinArgs = 1, MaxArgs = 1 },
        new("mixrampdelay", CommandRoute.BroadcastTimed, None, false) { Affects = Subsystems.Options, MinArgs = 1, MaxArgs = 1 },
        new("replay_gain_mode", CommandRoute.BroadcastTimed, None, false) { Affects = Subsystems.Options, MinArgs = 1, MaxArgs = 1 },
        new("enableoutput", CommandRoute.BroadcastTimed, None, false) { Affects = Subsystems.Output, MinArgs = 1, MaxArgs = 1 },
        new("disableoutput", CommandRoute.BroadcastTimed, None, false) { Affects = Subsystems.Output, MinArgs = 1, MaxArgs = 1 },
        new("toggleoutput", CommandRoute.BroadcastTimed, None, false) { Affects = Subsystems.Output, MinArgs = 1, MaxArgs = 1 },
        new("outputset", CommandRoute.BroadcastTimed, None, false) { Affects = Subsystems.Output, MinArgs = 3, MaxArgs = 3 }, // output attributes change the sound now
    ];

    /// <summary>
    /// Must reach every server, in the same order, to keep queues, stored playlists and databases identical, but is not
    /// heard at an instant. Queue edits change the queue (ids in arguments are translated). Stored-playlist edits
    /// (save, rm, rename, playlist*, searchaddpl) only touch playlist files. update/rescan/mount/unmount run on each
    /// server's own database (job ids differ per server); songs they remove leave the queue later, reported by idle.
    /// sticker is one command for reads and writes (get/list/find vs set/delete): broadcasting all of it keeps every
    /// sticker database identical, and a read answered by the primary is still correct.
    /// </summary>
    private static readonly CommandInfo[] Untimed =
    [
        new("add", CommandRoute.Broadcast, None, true) { MinArgs = 1, MaxArgs = 2 },
        new("addid", CommandRoute.Broadcast, None, true) { MinArgs = 1, MaxArgs = 2 }, // returns a new id: translate the reply
        new("addtagid", CommandRoute.Broadcast, First, true) { MinArgs = 3, MaxArgs = 3 },
        new("cleartagid", CommandRoute.Broadcast, First, true) { MinArgs = 1, MaxArgs = 2 },
        new("clear", CommandRoute.Broadcast, None, true) { MinArgs = 0, MaxArgs = 0 },
        new("delete", CommandRoute.Broadcast, None, true) { MinArgs = 1, MaxArgs = 1 },
        new("deleteid", CommandRoute.Broadcast, First, true) { MinArgs = 1, MaxArgs = 1 },
        new("move", CommandRoute.Broadcast, None, true) { MinArgs = 2, MaxArgs = 2 },
        new("moveid", CommandRoute.Broadcast, First, true) { MinArgs = 2, MaxArgs = 2 }, // second argument is a position
        new("swap", CommandRoute.Broadcast, None, true) { MinArgs = 2, MaxArgs = 2 },
        new("swapid", CommandRoute.Broadcast, [0, 1], true) { MinArgs = 2, MaxArgs = 2 },
        new("prio", CommandRoute.Broadcast, None, true) { MinArgs = 2, MaxArgs = -1 },
        new("prioid", CommandRoute.Broadcast, [-1], true) { MinArgs = 2, MaxArgs = -1 }, // prioid PRIO ID...
        new("rangeid", CommandRoute.Broadcast, First, true) { MinArgs = 2, MaxArgs = 2 },
        new("load", CommandRoute.Broadcast, None, true) { MinArgs = 1, MaxArgs = 3 },
        new("findadd", CommandRoute.Broadcast, None, true) { MinArgs = 1, MaxArgs = -1 },
        new("searchadd", CommandRoute.Broadcast, None, true) { MinArgs = 1, MaxArgs = -1 },
        new("searchaddpl", CommandRoute.Broadcast, None, false) { MinArgs = 2, MaxArgs = -1 },
        new("save", CommandRoute.Broadcast, None, false) { MinArgs = 1, MaxArgs = 1 },
        new("rm", CommandRoute.Broadcast, None, false) { MinArgs = 1, MaxArgs = 1 },
        new("rename", CommandRoute.Broadcast, None, false) { MinArgs = 2, MaxArgs = 2 },
        new("playlistadd", CommandRoute.Broadcast, None, false) { MinArgs = 2, MaxArgs = 3 },
        new("playlistclear", CommandRoute.Broadcast, None, false) { MinArgs = 1, MaxArgs = 1 },
        new("playlistdelete", CommandRoute.Broadcast, None, false) { MinArgs = 2, MaxArgs = 2 },
        new("playlistmove", CommandRoute.Broadcast, None, false) { MinArgs = 3, MaxArgs = 3 },
        new("update", CommandRoute.Broadcast, None, false) { MinArgs = 0, MaxArgs = 1 },
        new("rescan", CommandRoute.Broadcast, None, false) { MinArgs = 0, MaxArgs = 1 },
        new("mount", CommandRoute.Broadcast, None, false) { MinArgs = 2, MaxArgs = 2 },
        new("unmount", CommandRoute.Broadcast, None, false) { MinArgs = 1, MaxArgs = 1 },
        new("clearerror", CommandRoute.Broadcast, None, false) { MinArgs = 0, MaxArgs = 0 },
        new("sticker", CommandRoute.Broadcast, None, false) { MinArgs = 3, MaxArgs = -1 },
    ];

    /// <summary>
    /// shuffle reorders with each server's own RNG, so broadcasting it would leave every room with a different queue:
    /// shuffle the primary, then impose its order on the others.
    /// </summary>
    private static readonly CommandInfo[] PrimaryFirst =
    [
        new("shuffle", CommandRoute.PrimaryThenReplicate, None, true) { MinArgs = 0, MaxArgs = 1 },
    ];

    /// <summary>
    /// Queries with no side effect: any InSync replica can answer, chosen by the read policy. Queue queries carry
    /// per-server ids and versions (playlistid's argument is an id) and outputs per-server output ids: those are
    /// FromPrimary. commands/notcommands describe the replica, which the session may filter by this table.
    /// </summary>
    private static readonly CommandInfo[] Reads =
    [
        new("status", CommandRoute.Read, None, false) { FromPrimary = true, MinArgs = 0, MaxArgs = 0 },
        new("currentsong", CommandRoute.Read, None, false) { FromPrimary = true, MinArgs = 0, MaxArgs = 0 },
        new("stats", CommandRoute.Read, None, false) { MinArgs = 0, MaxArgs = 0 },
        new("getvol", CommandRoute.Read, None, false) { MinArgs = 0, MaxArgs = 0 },
        new("replay_gain_status", CommandRoute.Read, None, false) { MinArgs = 0, MaxArgs = 0 },
        new("playlist", CommandRoute.Read, None, false) { MinArgs = 0, MaxArgs = 0 },
        new("playlistinfo", CommandRoute.Read, None, false) { FromPrimary = true, MinArgs = 0, MaxArgs = 1 },
        new("playlistid", CommandRoute.Read, First, false) { FromPrimary = true, MinArgs = 0, MaxArgs = 1 },
        new("playlistfind", CommandRoute.Read, None, false) { FromPrimary = true, MinArgs = 1, MaxArgs = -1 },
        new("playlistsearch", CommandRoute.Read, None, false) { FromPrimary = true, MinArgs = 1, MaxArgs = -1 },
        new("plchanges", CommandRoute.Read, None, false) { FromPrimary = true, MinArgs = 1, MaxArgs = 2 }, // argument is a queue version
        new("plchangesposid", CommandRoute.Read, None, false) { FromPrimary = true, MinArgs = 1, MaxArgs = 2 },
        new("lsinfo", CommandRoute.Read, None, false) { MinArgs = 0, MaxArgs = 1 },
        new("listfiles", CommandRoute.Read, None, false) { MinArgs = 0, MaxArgs = 1 },
        new("listall", CommandRoute.Read, None, false) { MinArgs = 0, MaxArgs = 1 },
        new("listallinfo", CommandRoute.Read, None, false) { MinArgs = 0, MaxArgs = 1 },
        new("find", CommandRoute.Read, None, false) { MinArgs = 1, MaxArgs = -1 },
        new("search", CommandRoute.Read, None, false) { MinArgs = 1, MaxArgs = -1 },
        new("list", CommandRoute.Read, None, false) { MinArgs = 1, MaxArgs = -1 },
        new("count", CommandRoute.Read, None, false) { MinArgs = 1, MaxArgs = -1 },
        new("listplaylist", CommandRoute.Read, None, false) { MinArgs = 1, MaxArgs = 1 },
        new("listplaylistinfo", CommandRoute.Read, None, false) { MinArgs = 1, MaxArgs = 1 },
        new("listplaylists", CommandRoute.Read, None, false) { MinArgs = 0, MaxArgs = 0 },
        new("albumart", CommandRoute.Read, None, false) { MinArgs = 2, MaxArgs = 2 },
        new("readpicture", CommandRoute.Read, None, false) { MinArgs = 2, MaxArgs = 2 },
        new("readcomments", CommandRoute.Read, None, false) { MinArgs = 1, MaxArgs = 1 },
        new("getfingerprint", CommandRoute.Read, None, false) { MinArgs = 1, MaxArgs = 1 },
        new("outputs", CommandRoute.Read, None, false) { FromPrimary = true, MinArgs = 0, MaxArgs = 0 },
        new("decoders", CommandRoute.Read, None, false) { MinArgs = 0, MaxArgs = 0 },
        new("urlhandlers", CommandRoute.Read, None, false) { MinArgs = 0, MaxArgs = 0 },
        new("commands", CommandRoute.Read, None, false) { MinArgs = 0, MaxArgs = 0 },
        new("notcommands", CommandRoute.Read, None, false) { MinArgs = 0, MaxArgs = 0 },
        new("listmounts", CommandRoute.Read, None, false) { MinArgs = 0, MaxArgs = 0 },
        new("listneighbors", CommandRoute.Read, None, false) { MinArgs = 0, MaxArgs = 0 },
    ];

    /// <summary>
    /// State of the client's own connection, which no single backend connection holds: liveness, closing, idle and
    /// noidle (the session merges cluster events), authentication and tag/binary settings (replayed on every backend
    /// connection), command-list framing, and client-to-client messages (channels are between the proxy's clients,
    /// so the session implements them instead of picking one server's channels).
    /// </summary>
    private static readonly CommandInfo[] Locals =
    [
        new("ping", CommandRoute.Local, None, false) { MinArgs = 0, MaxArgs = 0 },
        new("close", CommandRoute.Local, None, false), // MPD does not check close's arguments
        new("idle", CommandRoute.Local, None, false) { MinArgs = 0, MaxArgs = -1 },
        new("noidle", CommandRoute.Local, None, false) { MinArgs = 0, MaxArgs = 0, IsLineKeyword = true },
        new("password", CommandRoute.Local, None, false) { MinArgs = 1, MaxArgs = 1 },
        new("tagtypes", CommandRoute.Local, None, false) { MinArgs = 0, MaxArgs = -1 },
        new("binarylimit", CommandRoute.Local, None, false) { MinArgs = 1, MaxArgs = 1 },
        new("command_list_begin", CommandRoute.Local, None, false) { MinArgs = 0, MaxArgs = 0, IsLineKeyword = true },
        new("command_list_ok_begin", CommandRoute.Local, None, false) { MinArgs = 0, MaxArgs = 0, IsLineKeyword = true },
        new("command_list_end", CommandRoute.Local, None, false) { MinArgs = 0, MaxArgs = 0, IsLineKeyword = true },
        new("subscribe", CommandRoute.Local, None, false) { MinArgs = 1, MaxArgs = 1 },
        new("unsubscribe", CommandRoute.Local, None, false) { MinArgs = 1, MaxArgs = 1 },
        new("channels", CommandRoute.Local, None, false) { MinArgs = 0, MaxArgs = 0 },
        new("readmessages", CommandRoute.Local, None, false) { MinArgs = 0, MaxArgs = 0 },
        new("sendmessage", CommandRoute.Local, None, false) { MinArgs = 2, MaxArgs = 2 },
    ];

    /// <summary>
    /// Never forwarded. kill would stop one server; config is only for local-socket clients (MPD answers
    /// <c>ACK [4@0] {config} Command only permitted to local clients</c> over TCP).
    /// </summary>
    private static readonly CommandInfo[] Refusals =
    [
        new("kill", CommandRoute.Refused, None, false), // MPD does not check kill's arguments
        new("config", CommandRoute.Refused, None, false) { MinArgs = 0, MaxArgs = 0 },
    ];

    /// <summary>
    /// Partitions are the house's groups of rooms: the house (Rooms/HouseActor) answers them itself and never forwards
    /// them to a server, whose own partitions stay unused. Routed like reads, so the session hands them to the house.
    /// </summary>
    private static readonly CommandInfo[] Partitions =
    [
        new("partition", CommandRoute.Read, None, false) { MinArgs = 1, MaxArgs = 1 },
        new("newpartition", CommandRoute.Read, None, false) { Affects = Subsystems.Partition, MinArgs = 1, MaxArgs = 1 },
        new("delpartition", CommandRoute.Read, None, false) { Affects = Subsystems.Partition, MinArgs = 1, MaxArgs = 1 },
        new("listpartitions", CommandRoute.Read, None, false) { MinArgs = 0, MaxArgs = 0 },
        new("moveoutput", CommandRoute.Read, None, false) { Affects = Subsystems.Output, MinArgs = 1, MaxArgs = 1 },
    ];

    private static readonly CommandInfo[] Sorted =
        [.. Timed.Concat(Untimed).Concat(PrimaryFirst).Concat(Reads).Concat(Locals).Concat(Refusals).Concat(Partitions)
            .OrderBy(c => c.Name, StringComparer.Ordinal)];

    private static readonly FrozenDictionary<string, CommandInfo> ByName =
        Sorted.ToFrozenDictionary(c => c.Name, StringComparer.Ordinal);

    /// <summary>The command's entry, or <see langword="null"/> if MPD 0.23 does not know it (reply with <see cref="MpdError.UnknownCommand"/>).</summary>
    public static CommandInfo? Find(string command) =>
        command is not null && ByName.TryGetValue(command, out CommandInfo? info) ? info : null;

    /// <summary>Every entry, sorted by name (ordinal) like MPD's <c>commands</c> output.</summary>
    public static IEnumerable<CommandInfo> All { get; } = Array.AsReadOnly(Sorted);
}

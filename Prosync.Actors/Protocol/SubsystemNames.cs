namespace Prosync.Actors.Protocol;

/// <summary>
/// Maps idle subsystems to MPD's protocol names and back. MPD writes the <c>changed:</c> lines of one idle response in
/// a fixed order (its flag order, not the order the events happened), which clients may rely on; <see cref="Names"/>
/// reproduces it: database, stored_playlist, playlist, player, mixer, output, options, sticker, update, subscription,
/// message, neighbor, mount, partition.
/// </summary>
public static class SubsystemNames
{
    private static readonly (Subsystems Flag, string Name)[] Ordered =
    [
        (Subsystems.Database, "database"),
        (Subsystems.StoredPlaylist, "stored_playlist"),
        (Subsystems.Playlist, "playlist"),
        (Subsystems.Player, "player"),
        (Subsystems.Mixer, "mixer"),
        (Subsystems.Output, "output"),
        (Subsystems.Options, "options"),
        (Subsystems.Sticker, "sticker"),
        (Subsystems.Update, "update"),
        (Subsystems.Subscription, "subscription"),
        (Subsystems.Message, "message"),
        (Subsystems.Neighbor, "neighbor"),
        (Subsystems.Mount, "mount"),
        (Subsystems.Partition, "partition"),
    ];

    /// <summary>
    /// One subsystem from its MPD name, ASCII case-insensitively as MPD compares (<c>PLAYER</c>, <c>Stored_Playlist</c>).
    /// An unknown name makes MPD answer <c>ACK [2@0] {idle} Unrecognized idle event: name</c>.
    /// </summary>
    public static bool TryParse(string name, out Subsystems subsystem)
    {
        foreach ((Subsystems flag, string known) in Ordered)
        {
            if (name is not null && System.Text.Ascii.EqualsIgnoreCase(name, known))
            {
                subsystem = flag;
                return true;
            }
        }
        subsystem = Subsystems.None;
        return false;
    }

    /// <summary>The names of the subsystems in <paramref name="set"/>, in MPD's order of <c>changed:</c> lines.</summary>
    public static IEnumerable<string> Names(Subsystems set)
    {
        foreach ((Subsystems flag, string name) in Ordered)
            if ((set & flag) != 0)
                yield return name;
    }

    /// <summary>The MPD name of a single subsystem.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="subsystem"/> is not exactly one subsystem.</exception>
    public static string Name(Subsystems subsystem)
    {
        foreach ((Subsystems flag, string name) in Ordered)
            if (flag == subsystem)
                return name;
        throw new ArgumentOutOfRangeException(nameof(subsystem), subsystem, "not a single subsystem");
    }

    /// <summary>
    /// The <c>changed: name</c> lines MPD writes for <paramref name="set"/>, in its order (the idle response before <c>OK</c>).
    /// </summary>
    public static IEnumerable<string> ChangedLines(Subsystems set)
    {
        foreach (string name in Names(set))
            yield return "changed: " + name;
    }
}

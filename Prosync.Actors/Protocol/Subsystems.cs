namespace Prosync.Actors.Protocol;

/// <summary>
/// The idle subsystems of MPD 0.23, as a set. Bit values are the proxy's own (MPD numbers sticker…partition
/// differently): to print <c>changed:</c> lines in MPD's order use <see cref="SubsystemNames.Names"/>, never the bit order.
/// </summary>
[Flags]
public enum Subsystems
{
    /// <summary>No subsystem.</summary>
    None = 0,
    /// <summary><c>database</c>: the song database changed after an update.</summary>
    Database = 1,
    /// <summary><c>stored_playlist</c>: a stored playlist was modified, created, deleted or renamed.</summary>
    StoredPlaylist = 2,
    /// <summary><c>playlist</c>: the queue changed.</summary>
    Playlist = 4,
    /// <summary><c>player</c>: play, stop, pause, seek, song change.</summary>
    Player = 8,
    /// <summary><c>mixer</c>: the volume changed.</summary>
    Mixer = 16,
    /// <summary><c>output</c>: an output was enabled, disabled or changed.</summary>
    Output = 32,
    /// <summary><c>options</c>: repeat, random, single, consume, crossfade, replay gain…</summary>
    Options = 64,
    /// <summary><c>partition</c>: a partition was added, removed or changed.</summary>
    Partition = 128,
    /// <summary><c>sticker</c>: a sticker was modified.</summary>
    Sticker = 256,
    /// <summary><c>update</c>: a database update started or finished.</summary>
    Update = 512,
    /// <summary><c>subscription</c>: a client subscribed to or unsubscribed from a channel.</summary>
    Subscription = 1024,
    /// <summary><c>message</c>: a message arrived on a subscribed channel.</summary>
    Message = 2048,
    /// <summary><c>neighbor</c>: a neighbor was found or lost.</summary>
    Neighbor = 4096,
    /// <summary><c>mount</c>: the mount list changed.</summary>
    Mount = 8192,
    /// <summary>Every subsystem: what a bare <c>idle</c> waits for.</summary>
    All = 16383,
}

namespace Prosync.Actors.Protocol;

/// <summary>
/// The numeric error codes MPD puts in <c>ACK [code@index]</c> lines (MPD's <c>enum ack</c>).
/// Clients switch on these (python-mpd2 and libmpdclient expose them), so the proxy must pass them through unchanged.
/// </summary>
public enum AckCode
{
    /// <summary>Command list misuse.</summary>
    NotList = 1,
    /// <summary>Wrong argument count or an argument MPD cannot use (also "Too many arguments").</summary>
    Arg = 2,
    /// <summary>Incorrect password.</summary>
    Password = 3,
    /// <summary>The connection lacks the permission the command needs.</summary>
    Permission = 4,
    /// <summary>Unknown command, tokenizer errors and any error MPD does not classify.</summary>
    Unknown = 5,
    /// <summary>A song, directory, playlist or other object does not exist.</summary>
    NoExist = 50,
    /// <summary>The queue or a stored playlist is too large.</summary>
    PlaylistMax = 51,
    /// <summary>An operating-system error.</summary>
    System = 52,
    /// <summary>A stored playlist could not be loaded.</summary>
    PlaylistLoad = 53,
    /// <summary>A database update is already running.</summary>
    UpdateAlready = 54,
    /// <summary>The command needs a playing or paused player ("Not playing").</summary>
    PlayerSync = 55,
    /// <summary>The object already exists (e.g. a stored playlist).</summary>
    Exist = 56,
}

namespace Prosync.Host.Lab;

/// <summary>One generated track of the <see cref="MusicLibrary"/>: a sine tone with known tags.</summary>
/// <param name="Uri">Path relative to the music directory, as MPD names it ("Artist/Album/01 Title.flac").</param>
/// <param name="HasEmbeddedPicture">Whether a front-cover PICTURE block is embedded (readpicture returns it).</param>
public sealed record LibraryTrack(
    string Uri,
    string Artist,
    string Album,
    string Title,
    int TrackNumber,
    string Date,
    string Genre,
    int DurationSeconds,
    int FrequencyHz,
    bool HasEmbeddedPicture)
{
    /// <summary>The album folder, relative to the music directory.</summary>
    public string AlbumDirectory => Uri[..Uri.LastIndexOf('/')];
}

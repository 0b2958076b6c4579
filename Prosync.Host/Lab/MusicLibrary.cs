using System.Security.Cryptography;
using System.Text;

namespace Prosync.Host.Lab;

/// <summary>
/// The music every test MPD serves: six short FLAC sine tones in two albums by two artists, fully tagged,
/// with one track carrying an embedded cover and a cover.png in its folder (both bigger than MPD's default
/// 8192-byte binary chunk, so albumart/readpicture need several round trips).
/// </summary>
/// <remarks>
/// Generated with sox and metaflac once per machine into a cache directory under the temp directory
/// (keyed by a hash of the specification) and shared by every test in the run. Names include spaces, an apostrophe and a non-ASCII letter on purpose, so quoting
/// and UTF-8 handling are exercised end to end.
/// </remarks>
public class MusicLibrary
{
    /// <summary>The file name of the folder cover next to <see cref="ArtTrack"/>.</summary>
    private const string CoverFileName = "cover.png";

    private const string GeneratorVersion = "1";

    private static readonly LibraryTrack[] Specification =
    [
        new("Aurora Tones/First Light/01 Dawn.flac", "Aurora Tones", "First Light", "Dawn", 1, "2001", "Ambient", 20, 440, HasEmbeddedPicture: true),
        new("Aurora Tones/First Light/02 Morning Haze.flac", "Aurora Tones", "First Light", "Morning Haze", 2, "2001", "Ambient", 24, 550, false),
        new("Aurora Tones/First Light/03 Noon.flac", "Aurora Tones", "First Light", "Noon", 3, "2001", "Ambient", 28, 660, false),
        new("Zoë Quartet/Night Songs/01 Don't Stop.flac", "Zoë Quartet", "Night Songs", "Don't Stop", 1, "2010", "Jazz", 22, 330, false),
        new("Zoë Quartet/Night Songs/02 Midnight.flac", "Zoë Quartet", "Night Songs", "Midnight", 2, "2010", "Jazz", 26, 247, false),
        new("Zoë Quartet/Night Songs/03 Last Call.flac", "Zoë Quartet", "Night Songs", "Last Call", 3, "2010", "Jazz", 30, 196, false),
    ];

    private static readonly Lazy<Task<string>> SharedCache = new(() => BuildCachedAsync(CacheDirectory!));

    private string? cacheDirectory;

    /// <summary>Where the cached library lives (its music directory is <see cref="RootDirectory"/>).</summary>
    private static string CacheDirectory { get; } = Path.Combine(
        Path.GetTempPath(), "prosync-lab", "library-" + SpecificationHash());

    /// <summary>The music_directory to give MPD.</summary>
    public string RootDirectory => Path.Combine(Ready, "music");

    /// <summary>The PNG embedded in <see cref="ArtTrack"/> (what readpicture returns).</summary>
    public string EmbeddedPicturePath => Path.Combine(Ready, "embedded.png");

    /// <summary>The folder cover of <see cref="ArtTrack"/>'s album (what albumart returns).</summary>
    public string CoverFilePath => Path.Combine(RootDirectory, ArtTrack.AlbumDirectory, CoverFileName);

    public IReadOnlyList<LibraryTrack> Tracks => Specification;

    /// <summary>The track with an embedded picture and a cover file in its folder.</summary>
    public LibraryTrack ArtTrack => Specification[0];

    /// <summary>A track of the other album, which has no picture of any kind.</summary>
    public LibraryTrack PlainTrack => Specification[4];

    private string Ready => cacheDirectory ?? throw new InvalidOperationException("MusicLibrary is not initialised: await InitializeAsync.");

    public async Task InitializeAsync() => cacheDirectory = await SharedCache.Value.ConfigureAwait(false);

    private static string SpecificationHash()
    {
        var text = GeneratorVersion + "\n" + string.Join("\n", Specification.Select(t => t.ToString()));
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..12].ToLowerInvariant();
    }

    private static async Task<string> BuildCachedAsync(string target)
    {
        if (Directory.Exists(target))
        {
            return target;
        }

        var parent = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(parent);
        var staging = target + ".building-" + Guid.NewGuid().ToString("N");
        try
        {
            await BuildAsync(staging).ConfigureAwait(false);
            try
            {
                Directory.Move(staging, target);
            }
            catch (IOException) when (Directory.Exists(target))
            {
                // Another test process finished first; its copy is identical.
            }
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }

        return target;
    }

    private static async Task BuildAsync(string root)
    {
        var music = Path.Combine(root, "music");
        Directory.CreateDirectory(music);
        await Task.WhenAll(Specification.Select(track => BuildTrackAsync(music, track))).ConfigureAwait(false);

        // Two different pictures: readpicture and albumart must not be confused with each other.
        var embedded = Path.Combine(root, "embedded.png");
        await ToolAsync("sox", "-R", "-n", "-r", "8000", "-n", "synth", "2", "pinknoise",
            "spectrogram", "-x", "256", "-y", "129", "-t", "Dawn", "-o", embedded).ConfigureAwait(false);
        var art = Specification.Single(t => t.HasEmbeddedPicture);
        var cover = Path.Combine(music, art.AlbumDirectory, CoverFileName);
        await ToolAsync("sox", "-R", "-n", "-n", "synth", "2", "whitenoise",
            "spectrogram", "-x", "300", "-y", "129", "-t", art.Album, "-o", cover).ConfigureAwait(false);
        await ToolAsync("metaflac", $"--import-picture-from=3||{art.Title} cover||{embedded}", Path.Combine(music, art.Uri)).ConfigureAwait(false);

        foreach (var picture in new[] { embedded, cover })
        {
            var size = new FileInfo(picture).Length;
            if (size <= 8192)
            {
                throw new InvalidOperationException($"{picture} has {size} bytes; it must exceed MPD's 8192-byte binary chunk.");
            }
        }
    }

    private static async Task BuildTrackAsync(string music, LibraryTrack track)
    {
        var file = Path.Combine(music, track.Uri);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await ToolAsync("sox", "-R", "-n", "-r", "44100", "-b", "16", "-c", "2", file,
            "synth", track.DurationSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "sine", track.FrequencyHz.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "vol", "0.5").ConfigureAwait(false);
        await ToolAsync("metaflac", "--remove-all-tags",
            $"--set-tag=ARTIST={track.Artist}",
            $"--set-tag=ALBUM={track.Album}",
            $"--set-tag=TITLE={track.Title}",
            $"--set-tag=TRACKNUMBER={track.TrackNumber}",
            $"--set-tag=DATE={track.Date}",
            $"--set-tag=GENRE={track.Genre}",
            file).ConfigureAwait(false);
    }

    private static Task ToolAsync(string tool, params string[] arguments)
        => ExternalProcess.RunCheckedAsync(tool, arguments, TimeSpan.FromSeconds(60));
}

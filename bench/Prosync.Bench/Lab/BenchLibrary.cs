using System.Globalization;
using Prosync.Host.Lab;

namespace Prosync.Bench.Lab;

/// <summary>
/// The benchmark's music: three 15-minute FLAC sine tones (44.1 kHz, 16 bit, stereo, as a CD rip), so a
/// run never meets a track change it did not ask for, and seeks have room. Generated once with sox into a
/// cache folder of its own (the shared test library stays untouched), then served by <see cref="MpdProcess"/>.
/// </summary>
public sealed class BenchLibrary
{
    public const int TrackSeconds = 900;
    private const string Version = "1";
    private static readonly int[] FrequenciesHz = [440, 550, 660];

    private BenchLibrary(string directory) => MusicDirectory = Path.Combine(directory, "music");

    /// <summary>The files, as MPD URIs, in queue order.</summary>
    public static IReadOnlyList<string> Tracks { get; } = FrequenciesHz.Select((_, i) => $"bench-{i + 1}.flac").ToArray();

    /// <summary>The music_directory to give MPD: the cache folder's <c>music</c> subfolder.</summary>
    public string MusicDirectory { get; }

    public static async Task<BenchLibrary> PrepareAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "prosync-bench", $"library-v{Version}-{TrackSeconds}s");
        if (!System.IO.Directory.Exists(directory))
        {
            var staging = directory + ".building-" + Guid.NewGuid().ToString("N")[..8];
            var music = Path.Combine(staging, "music");
            System.IO.Directory.CreateDirectory(music);
            await Task.WhenAll(Tracks.Select((file, i) => SoxAsync(Path.Combine(music, file), FrequenciesHz[i])));
            try
            {
                System.IO.Directory.Move(staging, directory);
            }
            catch (IOException) when (System.IO.Directory.Exists(directory))
            {
                System.IO.Directory.Delete(staging, recursive: true); // built concurrently elsewhere
            }
        }

        return new BenchLibrary(directory);
    }

    private static Task SoxAsync(string file, int frequencyHz)
        => ExternalProcess.RunCheckedAsync("sox",
            ["-R", "-n", "-r", "44100", "-b", "16", "-c", "2", file, "synth",
             TrackSeconds.ToString(CultureInfo.InvariantCulture), "sine", frequencyHz.ToString(CultureInfo.InvariantCulture), "vol", "0.5"],
            TimeSpan.FromMinutes(5));
}

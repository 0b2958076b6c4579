using System.Globalization;
using Prosync.Host.Lab;

namespace Prosync.Bench.Library;

/// <summary>
/// The library section's files: 20 songs of ~3 MB to replicate and one of ~30 MB to upload, full-scale white noise
/// (which FLAC cannot shrink, so sizes are what they say) as real FLAC files that MPD takes into its database. Generated once
/// with sox into a cache folder.
/// </summary>
public sealed class LibraryBenchFiles
{
    public const int ReplicatedCount = 20;
    private const string Version = "3";

    private LibraryBenchFiles(string directory) => Directory = directory;

    /// <summary>Holds <c>replicate/song-NN.flac</c> and <c>big.flac</c>.</summary>
    public string Directory { get; }

    public IReadOnlyList<string> Replicated { get; } = Enumerable.Range(1, ReplicatedCount).Select(i => $"replicate/song-{i:00}.flac").ToArray();

    public string Big => Path.Combine(Directory, "big.flac");

    public static async Task<LibraryBenchFiles> PrepareAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "prosync-bench", $"library-files-v{Version}");
        if (!System.IO.Directory.Exists(directory))
        {
            var staging = directory + ".building-" + Guid.NewGuid().ToString("N")[..8];
            System.IO.Directory.CreateDirectory(Path.Combine(staging, "replicate"));
            var files = new LibraryBenchFiles(staging);
            // FLAC stores sox's 16-bit stereo noise at ~95 kB/s: ~3 MB is 30 s, ~30 MB is 320 s.
            foreach (var chunk in files.Replicated.Chunk(4))
            {
                await Task.WhenAll(chunk.Select(f => NoiseAsync(Path.Combine(staging, f), 30)));
            }
            await NoiseAsync(Path.Combine(staging, "big.flac"), 320);
            System.IO.Directory.Move(staging, directory);
        }
        return new LibraryBenchFiles(directory);
    }

    private static Task NoiseAsync(string file, int seconds)
        => ExternalProcess.RunCheckedAsync("sox",
            ["-n", "-r", "44100", "-b", "16", "-c", "2", file, "synth", seconds.ToString(CultureInfo.InvariantCulture), "whitenoise"],
            TimeSpan.FromMinutes(5));
}

using Prosync.Host.Lab;

namespace Prosync.Host.Demo;

/// <summary>The demo rooms' music: a few tagged FLAC test tones made with sox, so nothing is downloaded.</summary>
public static class DemoMusic
{
    /// <summary>Title, then sox's synth arguments.</summary>
    private static readonly (string File, string Title, string Synth)[] Tracks =
    [
        ("01-a440.flac", "A440", "sine 440 tremolo 0.5 30"),
        ("02-sweep.flac", "Slow sweep", "sine 220:880"),
        ("03-chord.flac", "C major", "sine 261.63 sine 329.63"),
    ];

    private const string Artist = "Prosync demo";

    /// <summary>Far more than a few minutes of tone takes to make; only a hung sox meets it.</summary>
    private static readonly TimeSpan SoxTimeout = TimeSpan.FromMinutes(5);

    /// <summary>Writes the tracks into <paramref name="directory"/> and returns their file names.</summary>
    public static async Task<IReadOnlyList<string>> CreateAsync(string directory, TimeSpan length, CancellationToken ct)
    {
        Directory.CreateDirectory(directory);
        var seconds = length.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
        await Task.WhenAll(Tracks.Select(track => ExternalProcess.RunCheckedAsync("sox",
            ["-n", "-r", "44100", "-c", "2",
             "--add-comment", $"ARTIST={Artist}", "--add-comment", $"TITLE={track.Title}", "--add-comment", "ALBUM=Test tones",
             Path.Combine(directory, track.File), "synth", seconds, .. track.Synth.Split(' '), "vol", "0.3"],
            SoxTimeout, ct)));
        return Tracks.Select(t => t.File).ToList();
    }
}

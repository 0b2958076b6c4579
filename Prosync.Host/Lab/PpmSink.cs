using System.Globalization;

namespace Prosync.Host.Lab;

/// <summary>
/// <c>ppm_sink.py</c> (next to this assembly, under Lab/): a PCM sink for MPD's <c>pipe</c> output that plays
/// exactly 44 100 × 4 × (1 + ppm/10⁶) bytes per second, a sound card whose crystal runs <c>ppm</c> off, so an
/// unmodified MPD plays at that clock rate. Its docstring describes the model and its log.
/// </summary>
public static class PpmSink
{
    /// <summary>The PCM format the sink expects (mpd.conf <c>format</c>).</summary>
    public const string Format = "44100:16:2";

    /// <summary>The script's path in the build output of Prosync.Host and of every project that references it.</summary>
    public static string ScriptPath => Path.Combine(AppContext.BaseDirectory, "Lab", "ppm_sink.py");

    /// <summary>The system Python (its start is fast, which matters: MPD restarts the sink on every resume; -S skips site).</summary>
    public static string Python => File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : ExternalProcess.FindOnPath("python3") ?? "python3";

    /// <summary>The pipe output's <c>command</c>: the sink at <paramref name="ppm"/>, logging to <paramref name="logPath"/> if given.</summary>
    public static string Command(double ppm, string? logPath = null)
    {
        if (!File.Exists(ScriptPath))
        {
            throw new FileNotFoundException("ppm_sink.py is not in the build output", ScriptPath);
        }

        var command = string.Create(CultureInfo.InvariantCulture, $"{Python} -S {ScriptPath} --ppm {ppm:R}");
        return logPath is null ? command : $"{command} --log {logPath}";
    }
}

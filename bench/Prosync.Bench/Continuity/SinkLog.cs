using System.Globalization;

namespace Prosync.Bench.Continuity;

/// <summary>What <c>ppm_sink.py</c> logged (times in ms, CLOCK_MONOTONIC like the Stopwatch).</summary>
public sealed class SinkLog
{
    public List<double> Starts { get; } = [];

    public List<double> Firsts { get; } = [];

    public List<(double Last, double First)> Gaps { get; } = [];

    public List<(double T, long Dropped)> Eofs { get; } = [];

    public List<(double T, int Song, long Frame)> Positions { get; } = [];

    public static SinkLog Read(string path)
    {
        var log = new SinkLog();
        if (!File.Exists(path))
        {
            return log;
        }

        string[] lines;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        using (var reader = new StreamReader(stream))
        {
            lines = reader.ReadToEnd().Split('\n');
        }

        foreach (var line in lines)
        {
            var parts = line.Split(' ');
            if (parts.Length < 2)
            {
                continue;
            }

            var f = parts.Skip(1).Select(p => p.Split('=', 2)).Where(kv => kv.Length == 2).ToDictionary(kv => kv[0], kv => kv[1]);
            double Ms(string key) => long.Parse(f[key], CultureInfo.InvariantCulture) / 1e6;
            try
            {
                switch (parts[0])
                {
                    case "start":
                        log.Starts.Add(Ms("t"));
                        break;
                    case "first":
                        log.Firsts.Add(Ms("t"));
                        break;
                    case "gap":
                        log.Gaps.Add((Ms("last"), Ms("first")));
                        break;
                    case "eof":
                        log.Eofs.Add((Ms("t"), long.Parse(f["dropped"], CultureInfo.InvariantCulture)));
                        break;
                    case "pos":
                        log.Positions.Add((Ms("t"), int.Parse(f["song"], CultureInfo.InvariantCulture), long.Parse(f["frame"], CultureInfo.InvariantCulture)));
                        break;
                }
            }
            catch (Exception e) when (e is KeyNotFoundException or FormatException)
            {
                // a line cut by a concurrent write
            }
        }

        return log;
    }

    /// <summary>Audible offsets (ms): frame position − instant it sounded, for one song, in [from, to).</summary>
    public double[] AudibleOffsets(double fromMs, double toMs, int song) =>
        Positions.Where(p => p.T >= fromMs && p.T < toMs && p.Song == song)
            .Select(p => (p.Frame * 1000.0 / CounterMusic.Rate) - p.T).ToArray();
}

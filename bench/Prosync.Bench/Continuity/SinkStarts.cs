using System.Globalization;
using System.Text.RegularExpressions;

namespace Prosync.Bench.Continuity;

/// <summary>
/// A room's <c>ppm_sink.py</c> log (Prosync.Host/Lab/PpmSink): every start of the sink (MPD reopens its pipe
/// output on each play after a pause, including a correction's, and after a restart), dated on CLOCK_MONOTONIC (the
/// Stopwatch's clock). While a new sink drains what MPD wrote into the pipe before the sink could shrink it (up
/// to 64 KiB, 370 ms of audio), MPD's <c>elapsed</c> runs that far ahead of what is heard: those readings are not
/// positions, and the spread measurement leaves them out (<see cref="Blind"/>).
/// </summary>
public static partial class SinkStarts
{
    private const double BytesPerMs = 44100 * 4 / 1000.0;

    /// <summary>One sink start: when MPD had the output open (start − 100 ms) to when the start-up fill had drained.</summary>
    public sealed record Start(double StartMs, double FirstMs, int InitialBytes)
    {
        /// <summary>Readings between these instants are not positions.</summary>
        public (double From, double To) Blind => (StartMs - 100, FirstMs + Math.Max(0, InitialBytes - 8192) / BytesPerMs + 100);
    }

    /// <summary>Underruns: the sink ran dry (MPD did not deliver in time) and played silence for the gap.</summary>
    public static int Gaps(string? path) => path is null || !File.Exists(path) ? 0 : File.ReadLines(path).Count(l => l.StartsWith("gap ", StringComparison.Ordinal));

    public static IReadOnlyList<Start> Read(string? path)
    {
        var starts = new List<Start>();
        if (path is null || !File.Exists(path))
        {
            return starts;
        }

        double? start = null;
        var initial = 0;
        foreach (var line in File.ReadLines(path))
        {
            if (line.StartsWith("start ", StringComparison.Ordinal) && Field(line, "t") is { } t)
            {
                start = t / 1e6;
                initial = 0;
            }
            else if (line.StartsWith("pipe ", StringComparison.Ordinal) && Field(line, "initial") is { } i)
            {
                initial = (int)i;
            }
            else if (line.StartsWith("first ", StringComparison.Ordinal) && Field(line, "t") is { } f && start is { } s)
            {
                starts.Add(new Start(s, f / 1e6, initial));
                start = null;
            }
        }

        return starts;
    }

    private static double? Field(string line, string name)
    {
        var m = Regex.Match(line, $@"\b{name}=(-?[0-9.]+)");
        return m.Success ? double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : null;
    }
}

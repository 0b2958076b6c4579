using System.Globalization;

namespace Prosync.Bench.Measure;

/// <summary>CPU time and memory of a process (or one of its threads) from /proc.</summary>
public static class ProcessStats
{
    /// <summary>Clock ticks per second of /proc's utime/stime (USER_HZ, 100 on Linux).</summary>
    public const double TicksPerSecond = 100;

    /// <summary>utime + stime in seconds, from /proc/PID/stat.</summary>
    public static double CpuSeconds(int pid) => CpuSecondsOfStat(File.ReadAllText($"/proc/{pid}/stat"));

    /// <summary>Name (comm) and CPU seconds of every thread of the process.</summary>
    public static Dictionary<int, (string Name, double CpuSeconds)> Threads(int pid)
    {
        var result = new Dictionary<int, (string, double)>();
        foreach (var dir in Directory.EnumerateDirectories($"/proc/{pid}/task"))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var open = stat.IndexOf('(', StringComparison.Ordinal);
                var close = stat.LastIndexOf(')');
                result[int.Parse(Path.GetFileName(dir), CultureInfo.InvariantCulture)] = (stat[(open + 1)..close], CpuSecondsOfStat(stat));
            }
            catch (IOException)
            {
                // the thread ended
            }
        }

        return result;
    }

    /// <summary>A field of /proc/PID/status in kB (VmRSS, VmHWM), NaN when absent.</summary>
    public static double StatusKb(int pid, string field)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                return double.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }

        return double.NaN;
    }

    /// <summary>The 1-, 5- and 15-minute load averages.</summary>
    public static string LoadAverage() => string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    private static double CpuSecondsOfStat(string stat)
    {
        // Fields after the parenthesised comm (which may contain spaces): state is field 3, utime 14, stime 15.
        var rest = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var utime = double.Parse(rest[11], CultureInfo.InvariantCulture);
        var stime = double.Parse(rest[12], CultureInfo.InvariantCulture);
        return (utime + stime) / TicksPerSecond;
    }
}

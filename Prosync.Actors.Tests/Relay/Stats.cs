using Prosync.Host.Lab;

namespace Prosync.Actors.Tests.Relay;

internal static class Stats
{
    public static double Percentile(IReadOnlyList<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) return double.NaN;
        double rank = p / 100 * (sorted.Length - 1);
        int lo = (int)Math.Floor(rank), hi = (int)Math.Ceiling(rank);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
    }

    public static string Summary(IReadOnlyList<double> ms) =>
        $"n={ms.Count} min={ms.Min():F3} p50={Percentile(ms, 50):F3} p95={Percentile(ms, 95):F3} p99={Percentile(ms, 99):F3} max={ms.Max():F3} ms";
}

/// <summary>
/// How busy the machine is. The relay's own precision (its delivery thread) holds under load,
/// but end-to-end round trips also cross thread-pool threads (relay readers, echo server,
/// client) that a loaded box delays by milliseconds per hop. So end-to-end bounds are the
/// strict ones on a quiet box (≤ 1 runnable task per core), and are loosened on a loaded one
/// by a stated amount per unit of load per core: 20 ms for p95, 0.1 ms for medians
/// (empirical: at 5–15 per core, with other builds, test runs and MPD servers sharing the box,
/// p95 excess reached 75–100 ms and medians 20.85 ms, because every thread hop of a round trip
/// waits behind the other runnable tasks). The delivery
/// thread's own lateness, which is the relay's precision, keeps its strict bound whenever that
/// thread runs real-time (see LinuxTiming), loaded or not.
/// </summary>
internal sealed record BoxLoad(double LoadAverage, int Cores)
{
    public static BoxLoad Now()
    {
        double load = double.NaN;
        try { load = double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException) { }
        return new BoxLoad(load, Environment.ProcessorCount);
    }

    public double PerCore => LoadAverage / Cores;

    public bool IsQuiet => !(PerCore > 1.0); // unknown counts as quiet: assert the strict bound

    /// <summary>The delivery thread's own bound holds on a quiet box, or under load once it runs real-time.</summary>
    public double SchedulerBoundMs(double strictMs) =>
        IsQuiet || LinuxTiming.IsRealtime ? strictMs : strictMs + 5 * PerCore;

    /// <summary>Tail bounds (p95): loosened by 20 ms per unit of load per core.</summary>
    public double EndToEndBoundMs(double strictMs) => IsQuiet ? strictMs : strictMs + 20 * PerCore;

    /// <summary>Median bounds: loosened by 0.1 ms per unit of load per core (each hop's typical wake-up delay grows too).</summary>
    public double MedianBoundMs(double strictMs) => IsQuiet ? strictMs : strictMs + 0.1 * PerCore;

    public string Describe(double strictMs, double boundMs) => IsQuiet
        ? $"load {LoadAverage:F2} on {Cores} cores (quiet): strict bound {strictMs:F2} ms"
        : $"load {LoadAverage:F2} on {Cores} cores (LOADED, {PerCore:F1} per core): bound loosened from {strictMs:F2} to {boundMs:F2} ms";
}

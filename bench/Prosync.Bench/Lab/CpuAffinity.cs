using System.Globalization;
using System.Runtime.InteropServices;

namespace Prosync.Bench.Lab;

/// <summary>
/// Thread CPU affinity (Linux sched_setaffinity by thread id), to keep the lab's network emulation and the proxy's
/// real-time firing thread off each other's core on a 2-core machine.
/// </summary>
public static class CpuAffinity
{
    public static bool IsSupported => OperatingSystem.IsLinux() && Environment.ProcessorCount >= 2;

    /// <summary>Restricts one thread (a tid from /proc/PID/task) to the given CPUs; false if it failed or the thread is gone.</summary>
    public static bool SetThread(int tid, params int[] cpus)
    {
        ulong mask = 0;
        foreach (var cpu in cpus)
        {
            mask |= 1UL << cpu;
        }

        return sched_setaffinity(tid, (nuint)sizeof(ulong), ref mask) == 0;
    }

    /// <summary>Restricts every current thread of a process; threads they create later inherit it.</summary>
    public static int SetProcess(int pid, params int[] cpus) => Threads(pid).Count(t => SetThread(t.Tid, cpus));

    /// <summary>The threads of a process with their names (comm, at most 15 characters).</summary>
    public static IReadOnlyList<(int Tid, string Name)> Threads(int pid)
    {
        var threads = new List<(int, string)>();
        foreach (var dir in Directory.EnumerateDirectories($"/proc/{pid}/task"))
        {
            try
            {
                threads.Add((int.Parse(Path.GetFileName(dir), CultureInfo.InvariantCulture), File.ReadAllText(Path.Combine(dir, "comm")).Trim()));
            }
            catch (IOException)
            {
                // the thread ended
            }
        }

        return threads;
    }

    /// <summary>Pins the threads of <paramref name="pid"/> whose name starts with <paramref name="prefix"/>; returns how many.</summary>
    public static int PinNamed(int pid, string prefix, params int[] cpus) =>
        Threads(pid).Where(t => t.Name.StartsWith(prefix, StringComparison.Ordinal)).Count(t => SetThread(t.Tid, cpus));

    /// <summary>
    /// The bench's CPU layout on a 2-core machine: this process (relays, idle watchers, command client, an
    /// in-process proxy's ordinary threads) on CPU 1, the proxy's real-time timed-send thread alone on CPU 0;
    /// MPD servers and child processes may use both. Returns a description for the report.
    /// </summary>
    /// <remarks>
    /// Why: the timed-send thread (SCHED_FIFO) spins up to 1.5 ms before each deadline, through the whole firing
    /// window when deadlines are closer than that (lan). The relay's socket threads, woken by the proxy's own
    /// writes on that core, then wait until the spinning ends and stamp every copy's arrival at once, which
    /// undoes the compensation (measured: lan p50 1.3 ms instead of 0.15 ms). A real network does not need CPU
    /// time on the proxy's machine; the layout gives the emulated network a core of its own.
    /// </remarks>
    public static string ApplyBenchLayout()
    {
        if (!IsSupported)
        {
            return "no pinning (not Linux or fewer than 2 CPUs)";
        }

        var me = Environment.ProcessId;
        SetProcess(me, 1);
        _ = Prosync.Actors.Scheduling.TimedSendScheduler.Shared.Scheduling; // start the thread
        for (var i = 0; i < 100 && PinNamed(me, TimedSendThread, 0) == 0; i++)
        {
            Thread.Sleep(10);
        }

        return "bench process (relays, idle watchers, client, in-process proxy) on CPU 1; the proxy's timed-send thread on CPU 0; MPD servers and Prosync.Host on both";
    }

    /// <summary>How the proxy's timed-send thread appears in /proc (comm is truncated to 15 characters).</summary>
    public const string TimedSendThread = "prosync-timed-s";

    /// <summary>Lets a child process (an MPD) use every CPU again after it inherited the bench's pinning.</summary>
    public static void Release(int? pid)
    {
        if (IsSupported && pid is { } p)
        {
            SetProcess(p, Enumerable.Range(0, Math.Min(64, Environment.ProcessorCount)).ToArray());
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int sched_setaffinity(int pid, nuint size, ref ulong mask);
}

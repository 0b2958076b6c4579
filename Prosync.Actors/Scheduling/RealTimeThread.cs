using System.Runtime.InteropServices;

namespace Prosync.Actors.Scheduling;

/// <summary>
/// Gives the calling thread real-time scheduling on Linux. On a busy machine the OS decides when a
/// sleeping thread wakes, and .NET ignores thread priorities on Linux, so the few threads whose job is
/// to act at an instant (timed sends, the lab's relay) ask the kernel directly. They sleep except for
/// a short spin before each deadline, so they cannot starve the machine; SCHED_RESET_ON_FORK makes any
/// thread they happen to create (a thread-pool worker, say) start in the normal class.
/// </summary>
public static class RealTimeThread
{
    private const int SchedFifo = 1;
    private const int SchedResetOnFork = 0x40000000;
    private const int PrSetTimerSlack = 29;
    private const int PrioProcess = 0;

    /// <summary>Promotes the calling thread as far as allowed; returns what it got, for logs and reports.</summary>
    public static string Promote(int priority = 1)
    {
        if (!OperatingSystem.IsLinux()) return "normal priority (not Linux)";
        try
        {
            var slack = prctl(PrSetTimerSlack, 1, 0, 0, 0) == 0 ? "timer slack 1 ns" : "default timer slack";
            var tid = gettid();
            var param = new SchedParam { Priority = priority };
            if (sched_setscheduler(tid, SchedFifo | SchedResetOnFork, ref param) == 0) return $"SCHED_FIFO {priority}, {slack}";
            return setpriority(PrioProcess, tid, -10) == 0 ? $"nice -10, {slack}" : $"normal priority, {slack}";
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return "normal priority (libc unavailable)";
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct SchedParam
    {
        public int Priority;
    }

    [DllImport("libc")]
    private static extern int prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);

    [DllImport("libc")]
    private static extern int gettid();

    [DllImport("libc")]
    private static extern int sched_setscheduler(int tid, int policy, ref SchedParam param);

    [DllImport("libc")]
    private static extern int setpriority(int which, int who, int priority);
}

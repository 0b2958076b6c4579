using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Prosync.Host.Lab;

/// <summary>How the delivery thread sleeps and is woken by the threads posting to it.</summary>
internal interface IWaker
{
    /// <summary>True if <see cref="Wait"/> honours sub-millisecond timeouts.</summary>
    bool IsPrecise { get; }

    /// <summary>Sleeps until woken or for <paramref name="timeout"/> Stopwatch ticks (&lt; 0: no limit).</summary>
    void Wait(long timeout);

    /// <summary>Ends the current or next <see cref="Wait"/>.</summary>
    void Wake();
}

/// <summary>Portable fallback: whole-millisecond monitor waits.</summary>
internal sealed class MonitorWaker : IWaker
{
    private readonly object _gate = new();
    private bool _signalled;

    public bool IsPrecise => false;

    public void Wait(long timeout)
    {
        lock (_gate)
        {
            if (!_signalled)
                Monitor.Wait(_gate, timeout < 0 ? Timeout.Infinite : (int)Math.Min(int.MaxValue, timeout * 1000 / Stopwatch.Frequency));
            _signalled = false;
        }
    }

    public void Wake()
    {
        lock (_gate)
        {
            _signalled = true;
            Monitor.Pulse(_gate);
        }
    }
}

/// <summary>
/// Linux specifics that make the delivery thread precise on a busy box. .NET waits are whole
/// milliseconds; ppoll on an eventfd takes a nanosecond timeout, can be woken by a write from
/// any thread without a shared lock, and with the thread's timer slack lowered to 1 ns wakes
/// within tens of µs. And a normal thread's wake-up can be delayed by milliseconds when builds and tests run
/// beside it, so the thread asks for SCHED_FIFO priority 1 when allowed (root or CAP_SYS_NICE):
/// it sleeps most of the time, and the kernel's RT throttling bounds it anyway. Otherwise it
/// tries nice −10, otherwise it stays a normal thread. All best effort, never fatal.
/// </summary>
internal static class LinuxTiming
{

    private static readonly bool Available = OperatingSystem.IsLinux();

    /// <summary>What <see cref="PrepareCurrentThread"/> obtained, for test and benchmark reports.</summary>
    public static string Mode { get; private set; } = "not started";

    /// <summary>True once the delivery thread runs in the real-time class (immune to other load).</summary>
    public static bool IsRealtime { get; private set; }

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public nint Seconds;
        public nint Nanoseconds;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short ReturnedEvents;
    }

    private const int EFD_NONBLOCK = 0x800, EFD_CLOEXEC = 0x80000;
    private const short POLLIN = 1;

    [DllImport("libc", EntryPoint = "eventfd")]
    private static extern int EventFd(uint initial, int flags);

    [DllImport("libc", EntryPoint = "ppoll", SetLastError = true)]
    private static extern int PPoll(ref PollFd fds, nuint count, ref Timespec timeout, IntPtr signalMask);

    [DllImport("libc", EntryPoint = "read")]
    private static extern nint Read(int fd, ref ulong value, nuint count);

    [DllImport("libc", EntryPoint = "write")]
    private static extern nint Write(int fd, ref ulong value, nuint count);

    /// <summary>Lowers timer slack and raises the scheduling class of the calling thread, as far as permitted.</summary>
    public static void PrepareCurrentThread()
    {
        Mode = Available ? Prosync.Actors.Scheduling.RealTimeThread.Promote(priority: 1) : "portable (monitor wait + spin)";
        IsRealtime = Mode.StartsWith("SCHED_FIFO", StringComparison.Ordinal);
    }

    /// <summary>An eventfd-based waker, or null where that is not available.</summary>
    public static IWaker? CreateWaker()
    {
        if (!Available)
            return null;
        try
        {
            int fd = EventFd(0, EFD_NONBLOCK | EFD_CLOEXEC);
            return fd < 0 ? null : new EventFdWaker(fd);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Lives as long as the process (the delivery thread never ends), so the fd is never closed.</summary>
    private sealed class EventFdWaker(int fd) : IWaker
    {
        private static readonly long MaxTimeout = Stopwatch.Frequency * 3600;

        public bool IsPrecise => true;

        public void Wait(long timeout)
        {
            if (timeout < 0 || timeout > MaxTimeout)
                timeout = MaxTimeout; // the loop simply comes back
            long ns = (long)(timeout * (1_000_000_000.0 / Stopwatch.Frequency));
            var spec = new Timespec { Seconds = (nint)(ns / 1_000_000_000), Nanoseconds = (nint)(ns % 1_000_000_000) };
            var poll = new PollFd { Fd = fd, Events = POLLIN };
            int ready = PPoll(ref poll, 1, ref spec, IntPtr.Zero);
            if (ready > 0)
            {
                ulong count = 0;
                Read(fd, ref count, sizeof(ulong)); // reset the counter; non-blocking
            }
            else if (ready < 0 && Marshal.GetLastSystemError() != 4 /* EINTR */)
            {
                Thread.Sleep(1); // never let a failing ppoll turn a real-time thread into a busy loop
            }
        }

        public void Wake()
        {
            ulong one = 1;
            Write(fd, ref one, sizeof(ulong));
        }
    }
}

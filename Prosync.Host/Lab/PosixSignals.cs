using System.Runtime.InteropServices;

namespace Prosync.Host.Lab;

/// <summary>kill(2): .NET can only SIGKILL a process; MPD must get SIGTERM to shut down cleanly and save its state file.</summary>
public static class PosixSignals
{
    public const int SigTerm = 15;
    public const int SigKill = 9;
    public const int SigStop = 19;
    public const int SigCont = 18;

    /// <summary>Sends <paramref name="signal"/>; false when the process no longer exists.</summary>
    public static bool Send(int pid, int signal) => Kill(pid, signal) == 0;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}

using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Prosync.Bench.Measure;

/// <summary>
/// Kernel receive timestamps (Linux <c>SO_TIMESTAMPNS</c>): the instant the segment reached the socket,
/// stamped by the kernel, so the reading thread's wake-up delay on a busy box does not enter the figure.
/// On loopback that instant is within microseconds of the peer's <c>send</c>.
/// </summary>
/// <remarks>
/// The stamps are CLOCK_REALTIME nanoseconds: only differences between stamps taken within a second or so
/// are used (skew between rooms), where clock slewing is negligible. Blocking calls only: the socket must be
/// used synchronously by one thread, and stopped with <see cref="Socket.Shutdown"/> before it is closed.
/// </remarks>
internal static unsafe class KernelTimestamps
{
    private const int SolSocket = 1;
    private const int SoTimestampNs = 35; // SO_TIMESTAMPNS_OLD: struct timespec in the control message
    private const int Eintr = 4;
    private const int Eagain = 11;
    private const short PollIn = 1;
    private const int ControlSize = 128;

    public static bool IsSupported => OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64;

    public static void Enable(Socket socket) => socket.SetRawSocketOption(SolSocket, SoTimestampNs, BitConverter.GetBytes(1));

    /// <summary>Blocking receive; returns the byte count (0: closed) and the kernel stamp of the data (0 when none came).</summary>
    public static int Receive(Socket socket, byte[] buffer, out long kernelNs)
    {
        var fd = (int)socket.SafeHandle.DangerousGetHandle();
        var control = stackalloc byte[ControlSize];
        fixed (byte* data = buffer)
        {
            while (true)
            {
                var iov = new IoVec { Base = data, Length = (nuint)buffer.Length };
                var msg = new MsgHdr { Iov = &iov, IovLength = 1, Control = control, ControlLength = ControlSize };
                var n = recvmsg(fd, &msg, 0);
                if (n >= 0)
                {
                    kernelNs = FindTimestamp(control, (int)msg.ControlLength);
                    return (int)n;
                }

                var errno = Marshal.GetLastPInvokeError();
                if (errno == Eintr)
                {
                    continue;
                }

                if (errno == Eagain)
                {
                    // .NET made the descriptor non-blocking at some point: wait for data the old way.
                    var poll = new PollFd { Fd = fd, Events = PollIn };
                    _ = PollOne(&poll, 1, 1000);
                    continue;
                }

                throw new IOException($"recvmsg failed with errno {errno}");
            }
        }
    }

    private static long FindTimestamp(byte* control, int length)
    {
        var offset = 0;
        while (offset + 16 <= length)
        {
            var cmsgLength = (int)*(nuint*)(control + offset);
            var level = *(int*)(control + offset + 8);
            var type = *(int*)(control + offset + 12);
            if (cmsgLength < 16)
            {
                break;
            }

            if (level == SolSocket && type == SoTimestampNs && cmsgLength >= 32)
            {
                var seconds = *(long*)(control + offset + 16);
                var nanoseconds = *(long*)(control + offset + 24);
                return (seconds * 1_000_000_000) + nanoseconds;
            }

            offset += (cmsgLength + 7) & ~7;
        }

        return 0;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct IoVec
    {
        public byte* Base;
        public nuint Length;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct MsgHdr
    {
        public void* Name;
        public uint NameLength;
        public IoVec* Iov;
        public nuint IovLength;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short ReturnedEvents;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern nint recvmsg(int fd, MsgHdr* msg, int flags);

    [DllImport("libc", EntryPoint = "poll", SetLastError = true)]
    private static extern int PollOne(PollFd* fds, nuint count, int timeoutMs);
}

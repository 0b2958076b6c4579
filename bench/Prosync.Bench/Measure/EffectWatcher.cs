using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace Prosync.Bench.Measure;

/// <summary>
/// A room's own view of when a command took effect: a direct (not relayed) connection to its MPD that keeps
/// <c>idle player mixer options output</c> outstanding on a dedicated thread, and logs every <c>changed:</c>
/// response with the kernel's receive timestamp. Reconnects by itself if the server restarts.
/// </summary>
public sealed class EffectWatcher : IDisposable
{
    private const string IdleLine = "idle player mixer options output\n";

    private readonly int _server;
    private readonly string _host;
    private readonly EffectLog _log;
    private readonly Thread _thread;
    private volatile bool _stopping;
    private volatile Socket? _socket;
    private volatile bool _connected;

    public EffectWatcher(int server, string host, int port, EffectLog log)
    {
        _server = server;
        _host = host;
        Port = port;
        _log = log;
        _thread = new Thread(Run) { IsBackground = true, Name = $"bench-idle-{server}" };
        _thread.Start();
    }

    public int Port { get; }

    /// <summary>Waits until the connection is up and idling.</summary>
    public bool WaitReady(TimeSpan timeout)
    {
        var sw = Stopwatch.StartNew();
        while (!_connected && sw.Elapsed < timeout)
        {
            Thread.Sleep(5);
        }

        return _connected;
    }

    private void Run()
    {
        var buffer = new byte[4096];
        while (!_stopping)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            _socket = socket;
            try
            {
                socket.Connect(_host, Port);
                if (KernelTimestamps.IsSupported)
                {
                    KernelTimestamps.Enable(socket);
                }

                Loop(socket, buffer);
            }
            catch (Exception) when (!_stopping)
            {
                // The server is down (recovery section): try again shortly.
            }
            catch (Exception)
            {
                // stopping
            }
            finally
            {
                _connected = false;
                socket.Dispose();
            }

            if (!_stopping)
            {
                Thread.Sleep(50);
            }
        }
    }

    private void Loop(Socket socket, byte[] buffer)
    {
        var line = new StringBuilder();
        var greeted = false;
        var changed = Change.None;
        long responseKernelNs = 0, responseReadAt = 0;
        var atResponseStart = true;
        while (!_stopping)
        {
            int n;
            long kernelNs;
            if (KernelTimestamps.IsSupported)
            {
                n = KernelTimestamps.Receive(socket, buffer, out kernelNs);
            }
            else
            {
                n = socket.Receive(buffer);
                kernelNs = 0;
            }

            var readAt = Stopwatch.GetTimestamp();
            if (n == 0)
            {
                return;
            }

            for (var i = 0; i < n; i++)
            {
                if (atResponseStart && greeted)
                {
                    // Dated by the segment that brought the response's first byte.
                    responseKernelNs = kernelNs;
                    responseReadAt = readAt;
                    atResponseStart = false;
                }

                var b = buffer[i];
                if (b != (byte)'\n')
                {
                    line.Append((char)b);
                    continue;
                }

                var text = line.ToString();
                line.Clear();
                if (!greeted)
                {
                    if (!text.StartsWith("OK MPD ", StringComparison.Ordinal))
                    {
                        throw new IOException($"not an MPD greeting: {text}");
                    }

                    greeted = true;
                    atResponseStart = true;
                    socket.Send(Encoding.ASCII.GetBytes(IdleLine));
                    _connected = true;
                    continue;
                }

                if (text.StartsWith("changed: ", StringComparison.Ordinal))
                {
                    changed |= Parse(text[9..]);
                }
                else if (text == "OK" || text.StartsWith("ACK", StringComparison.Ordinal))
                {
                    socket.Send(Encoding.ASCII.GetBytes(IdleLine));
                    if (changed != Change.None)
                    {
                        _log.Add(new EffectEvent(_server, changed, responseKernelNs, responseReadAt));
                    }

                    changed = Change.None;
                    atResponseStart = true;
                }
            }
        }
    }

    private static Change Parse(string subsystem) => subsystem switch
    {
        "player" => Change.Player,
        "mixer" => Change.Mixer,
        "options" => Change.Options,
        "output" => Change.Output,
        _ => Change.Other,
    };

    public void Dispose()
    {
        _stopping = true;
        try
        {
            _socket?.Shutdown(SocketShutdown.Both);
        }
        catch (Exception)
        {
            // not connected
        }

        _thread.Join(TimeSpan.FromSeconds(2));
    }
}

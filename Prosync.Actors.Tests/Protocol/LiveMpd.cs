using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Prosync.Actors.Tests.Protocol;

/// <summary>
/// Starts a real <c>mpd</c> on a free loopback port, with a music directory that holds only a
/// cover image whose bytes look like protocol text.
/// </summary>
public sealed class LiveMpd : IDisposable
{
    private readonly Process? _process;
    private readonly string _dir;

    public static readonly byte[] Cover = MakeCover();

    public LiveMpd()
    {
        _dir = Path.Combine(Path.GetTempPath(), "prosync-protocol-" + Guid.NewGuid().ToString("N"));
        string? mpd = Prosync.Host.Lab.ExternalProcess.FindOnPath("mpd");
        if (mpd is null)
            return;
        Installed = true;

        Directory.CreateDirectory(Path.Combine(_dir, "music"));
        Directory.CreateDirectory(Path.Combine(_dir, "playlists"));
        File.WriteAllBytes(Path.Combine(_dir, "music", "cover.jpg"), Cover);
        Port = FreePort();
        string conf = Path.Combine(_dir, "mpd.conf");
        File.WriteAllText(conf, $$"""
            music_directory "{{_dir}}/music"
            db_file "{{_dir}}/db"
            playlist_directory "{{_dir}}/playlists"
            bind_to_address "127.0.0.1"
            port "{{Port}}"
            zeroconf_enabled "no"
            audio_output {
                type "null"
                name "x"
                sync "yes"
                mixer_type "null"
            }
            """);
        var start = new ProcessStartInfo(mpd, ["--no-daemon", "--stderr", conf])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        _process = Process.Start(start)!;
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginErrorReadLine();
        _process.OutputDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();

        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(15) && !_process.HasExited)
        {
            try
            {
                using var probe = new TcpClient();
                probe.Connect(IPAddress.Loopback, Port);
                Available = true;
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(50);
            }
        }
    }

    /// <summary>An mpd binary is on PATH.</summary>
    public bool Installed { get; }

    /// <summary>It started and accepts connections.</summary>
    public bool Available { get; }

    /// <summary>Fails the test unless mpd is installed and running: these tests are the proof, never skipped.</summary>
    public void EnsureRunning()
    {
        Assert.True(Installed, "mpd is not installed (apt-get install mpd): the live protocol tests need it");
        Assert.True(Available, "mpd is installed but did not start");
    }

    public int Port { get; }

    public Socket Connect(out string greeting)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)
        {
            ReceiveTimeout = 5000,
            NoDelay = true,
        };
        socket.Connect(IPAddress.Loopback, Port);
        var line = new List<byte>();
        var one = new byte[1];
        while (socket.Receive(one) == 1 && one[0] != '\n')
            line.Add(one[0]);
        greeting = Encoding.UTF8.GetString([.. line]);
        return socket;
    }

    public void Dispose()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            _process.WaitForExit(5000);
        }
        _process?.Dispose();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static byte[] MakeCover()
    {
        var random = new Random(42);
        var cover = new List<byte>();
        string[] traps = ["\nOK\n", "ACK [5@0] {} x\n", "binary: 3\n", "list_OK\n", "\n"];
        while (cover.Count < 20_000)
        {
            byte[] noise = new byte[random.Next(1, 300)];
            random.NextBytes(noise);
            cover.AddRange(noise);
            cover.AddRange(Encoding.ASCII.GetBytes(traps[random.Next(traps.Length)]));
        }
        return [.. cover];
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}

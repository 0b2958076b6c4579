using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Prosync.Bench.Measure;

namespace Prosync.Bench.Continuity;

/// <summary>
/// One unmodified mpd on a free loopback port with its own temp directory and ONE audio output: either
/// <c>null</c> with <c>sync "yes"</c>, or <c>pipe</c> into <c>ppm_sink.py</c> at a chosen clock rate (whose log,
/// <see cref="SinkLog"/>, dates every sink start, gap and played frame on CLOCK_MONOTONIC).
/// </summary>
public sealed class RoomServer : IDisposable
{
    private readonly Process process;

    private RoomServer(string name, string directory, int port, Process process, string? sinkLog)
    {
        Name = name;
        Directory = directory;
        Port = port;
        this.process = process;
        SinkLog = sinkLog;
    }

    public string Name { get; }

    public string Directory { get; }

    public int Port { get; }

    /// <summary>The sink's log (pipe rooms), null for null-output rooms.</summary>
    public string? SinkLog { get; }

    public bool IsPipe => SinkLog is not null;

    public static string SinkScript => Path.Combine(AppContext.BaseDirectory, "Continuity", "ppm_sink.py");

    /// <summary>Starts mpd; <paramref name="ppm"/> null means a null output with sync, otherwise pipe + sink at that rate.</summary>
    public static RoomServer Start(string name, string musicDirectory, double? ppm, string parent)
    {
        var directory = Path.Combine(parent, name);
        System.IO.Directory.CreateDirectory(Path.Combine(directory, "playlists"));
        var port = FreePort();
        string? sinkLog = null;
        string output;
        if (ppm is { } p)
        {
            sinkLog = Path.Combine(directory, "sink.log");
            var command = string.Create(CultureInfo.InvariantCulture, $"/usr/bin/python3 {SinkScript} --ppm {p} --log {sinkLog}");
            output = $$"""
                audio_output {
                  type "pipe"
                  name "room"
                  format "44100:16:2"
                  mixer_type "none"
                  command "{{command}}"
                }
                """;
        }
        else
        {
            output = """
                audio_output {
                  type "null"
                  name "room"
                  sync "yes"
                  mixer_type "none"
                }
                """;
        }

        var config = $"""
            music_directory "{musicDirectory}"
            db_file "{directory}/database"
            playlist_directory "{directory}/playlists"
            bind_to_address "127.0.0.1"
            port "{port}"
            log_file "{directory}/mpd.log"
            zeroconf_enabled "no"
            {output}
            """;
        var configPath = Path.Combine(directory, "mpd.conf");
        File.WriteAllText(configPath, config);
        // Raised priority (nice -10, when allowed) for mpd and its sink: the machine is shared with compilers,
        // and a starved output thread shows up as sink underruns rather than as anything MPD does.
        var info = new ProcessStartInfo("nice") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        info.ArgumentList.Add("-n");
        info.ArgumentList.Add("-10");
        info.ArgumentList.Add("mpd");
        info.ArgumentList.Add("--no-daemon");
        info.ArgumentList.Add(configPath);
        var process = Process.Start(info) ?? throw new InvalidOperationException("mpd did not start");
        process.ErrorDataReceived += (_, _) => { };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var server = new RoomServer(name, directory, port, process, sinkLog);
        var until = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            try
            {
                using var c = MpdClient.Connect("127.0.0.1", port);
                c.Send("update");
                while (c.Send("status").Get("updating_db") is not null)
                {
                    Thread.Sleep(50);
                }

                return server;
            }
            catch (SocketException) when (DateTime.UtcNow < until && !process.HasExited)
            {
                Thread.Sleep(100);
            }
        }
    }

    public MpdClient Connect(TimeSpan? timeout = null) => MpdClient.Connect("127.0.0.1", Port, timeout);

    private static int FreePort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    private int disposed;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }

        process.Dispose();
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Prosync.Host.Lab;

/// <summary>
/// A real <c>mpd</c> on a free loopback port, serving a <see cref="MusicLibrary"/> (or any music directory), for
/// tests, the benchmark and the demo's rooms: a fresh directory (config, database, playlists, optional state
/// file), a null audio output paced in real time with a software mixer (volume works), no zeroconf, no curl
/// input, nothing that needs a device or a user. Start to ready takes about 0.15 s. With
/// <see cref="MpdProcessOptions.ClockPpm"/> the output is a pipe into <see cref="PpmSink"/> instead: a room whose
/// audio clock runs that many ppm off.
/// </summary>
/// <remarks>
/// "Ready" means the greeting arrived and the startup database update finished (status no longer shows
/// <c>updating_db</c>), so songs can be added right away. MPD's stderr log is captured in <see cref="Log"/>.
/// </remarks>
public sealed class MpdProcess : IAsyncDisposable
{
    private const int MaxPortAttempts = 5;
    private static readonly ConcurrentDictionary<MpdProcess, byte> Running = new();
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);

    private readonly string musicDirectory;
    private readonly MpdProcessOptions options;
    private readonly StringBuilder log = new();
    private readonly string? name;
    private Process? process;

    static MpdProcess()
    {
        // A crashed or aborted test run must not leave mpd processes behind.
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var server in Running.Keys)
            {
                server.Kill();
            }
        };
    }

    private MpdProcess(string musicDirectory, MpdProcessOptions options, string directory)
    {
        this.musicDirectory = musicDirectory;
        this.options = options;
        name = options.Name;
        Directory = directory;
    }

    public string Host => "127.0.0.1";

    public int Port { get; private set; }

    public string Name => name ?? $"mpd-{Port}";

    /// <summary>The server's own directory (under <see cref="MpdProcessOptions.ParentDirectory"/>): mpd.conf, db, playlists/, state.</summary>
    private string Directory { get; }

    private string ConfigPath => Path.Combine(Directory, "mpd.conf");

    /// <summary>The <see cref="PpmSink"/>'s log (every start of the sink appends), null with the null output.</summary>
    public string? SinkLogPath => options.ClockPpm is null ? null : Path.Combine(Directory, "sink.log");

    private string PlaylistDirectory => Path.Combine(Directory, "playlists");

    /// <summary>Process id of the running mpd, null when stopped or killed.</summary>
    public int? ProcessId => process is { HasExited: false } p ? p.Id : null;

    public bool IsRunning => ProcessId is not null;

    /// <summary>Everything mpd wrote to stderr (all starts of this server), for diagnostics.</summary>
    private string Log
    {
        get
        {
            lock (log)
            {
                return log.ToString();
            }
        }
    }

    /// <summary>Starts a fresh server serving <paramref name="library"/> and waits until it is ready.</summary>
    public static Task<MpdProcess> StartAsync(MusicLibrary library, MpdProcessOptions? options = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(library);
        return StartAsync(library.RootDirectory, options, ct);
    }

    /// <summary>Starts a fresh server serving <paramref name="musicDirectory"/> and waits until it is ready.</summary>
    public static async Task<MpdProcess> StartAsync(string musicDirectory, MpdProcessOptions? options = null, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(musicDirectory);
        options ??= new MpdProcessOptions();
        var parent = options.ParentDirectory ?? Path.Combine(Path.GetTempPath(), "prosync-testkit");
        var directory = Path.Combine(parent, "mpd-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(Path.Combine(directory, "playlists"));
        var server = new MpdProcess(musicDirectory, options, directory);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                server.Port = FreePort();
                try
                {
                    await server.LaunchAsync(ct).ConfigureAwait(false);
                    return server;
                }
                catch (PortTakenException) when (attempt < MaxPortAttempts)
                {
                    // Rare: someone took the port between our probe and mpd's bind. Pick another.
                }
            }
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Sends SIGTERM and waits for mpd to exit (it writes its state file if it has one); SIGKILL after 5 s.</summary>
    public async Task StopAsync()
    {
        var p = process;
        if (p is null || p.HasExited)
        {
            return;
        }

        PosixSignals.Send(p.Id, PosixSignals.SigTerm);
        using var timeout = new CancellationTokenSource(StopTimeout);
        try
        {
            await p.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Kill();
            await p.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }

        Running.TryRemove(this, out _);
    }

    /// <summary>SIGKILL: the server vanishes without closing anything cleanly (for fault tests).</summary>
    public void Kill()
    {
        var p = process;
        if (p is null)
        {
            return;
        }

        try
        {
            if (!p.HasExited)
            {
                PosixSignals.Send(p.Id, PosixSignals.SigKill);
                p.WaitForExit(StopTimeout);
            }
        }
        catch (InvalidOperationException)
        {
            // never started or already reaped
        }

        Running.TryRemove(this, out _);
    }

    /// <summary>
    /// Stops the server if it runs, then starts it again on the same port with the same directory and
    /// database (no startup update this time). With <see cref="MpdProcessOptions.StateFile"/> the queue,
    /// ids, options and volume come back too.
    /// </summary>
    public async Task RestartAsync(CancellationToken ct = default)
    {
        await StopAsync().ConfigureAwait(false);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await LaunchAsync(ct).ConfigureAwait(false);
                return;
            }
            catch (PortTakenException) when (attempt < MaxPortAttempts)
            {
                // The port must stay the same; wait for whoever holds it to let go.
                await Task.Delay(200, ct).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Sends raw protocol lines on a new connection and returns the raw response text (greeting excluded),
    /// e.g. <c>SendAsync("status\nplaylistinfo")</c>. Reads one response per command (a command list counts as
    /// one; <c>noidle</c> and <c>close</c> none), ending at <c>OK</c> or <c>ACK</c>. A binary payload is
    /// rendered as <c>&lt;binary N bytes sha256=HEX&gt;</c> in place of its bytes.
    /// </summary>
    public Task<string> SendAsync(string commandLines, CancellationToken ct = default)
        => RawMpdConnection.SendAsync(Host, Port, commandLines, TimeSpan.FromSeconds(10), ct);

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        process?.Dispose();
        process = null;
        try
        {
            if (System.IO.Directory.Exists(Directory))
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
        }
        catch (IOException)
        {
            // best effort: a temp directory
        }
    }

    public override string ToString() => $"{Name}={Host}:{Port}";

    private static int FreePort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    private string BuildConfig()
    {
        static string Q(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
        var config = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"music_directory {Q(musicDirectory)}")
            .AppendLine(CultureInfo.InvariantCulture, $"db_file {Q(Path.Combine(Directory, "database"))}")
            .AppendLine(CultureInfo.InvariantCulture, $"playlist_directory {Q(PlaylistDirectory)}")
            .AppendLine(CultureInfo.InvariantCulture, $"bind_to_address {Q(Host)}")
            .AppendLine(CultureInfo.InvariantCulture, $"port {Q(Port.ToString(CultureInfo.InvariantCulture))}")
            .AppendLine(CultureInfo.InvariantCulture, $"log_level {Q(options.LogLevel)}")
            .AppendLine("zeroconf_enabled \"no\"")
            .AppendLine("auto_update \"no\"")
            .AppendLine("filesystem_charset \"UTF-8\"")
            // No network input and no MIDI decoder looking for timidity: faster, quieter start.
            .AppendLine("input {\n  plugin \"curl\"\n  enabled \"no\"\n}")
            .AppendLine("decoder {\n  plugin \"wildmidi\"\n  enabled \"no\"\n}")
            .AppendLine(AudioOutput(Q));
        if (options.ConnectionTimeoutSeconds is { } timeout)
        {
            config.AppendLine(CultureInfo.InvariantCulture, $"connection_timeout \"{timeout}\"");
        }

        if (options.StateFile)
        {
            config.AppendLine(CultureInfo.InvariantCulture, $"state_file {Q(Path.Combine(Directory, "state"))}");
        }

        return config.ToString();
    }

    /// <summary>Paced in real time like a sound card, software volume so setvol works; no device needed.</summary>
    private string AudioOutput(Func<string, string> q)
    {
        if (options.ClockPpm is not { } ppm)
        {
            return "audio_output {\n  type \"null\"\n  name \"null\"\n  sync \"yes\"\n  mixer_type \"" + (options.NoMixer ? "none" : "software") + "\"\n}";
        }

        // A sound card whose clock runs ppm off: MPD paces itself on the pipe the sink drains at that rate.
        return $"audio_output {{\n  type \"pipe\"\n  name \"ppm-sink\"\n  format {q(PpmSink.Format)}\n  mixer_type \"software\"\n"
            + $"  command {q(PpmSink.Command(ppm, SinkLogPath))}\n}}";
    }

    private async Task LaunchAsync(CancellationToken ct)
    {
        await File.WriteAllTextAsync(ConfigPath, BuildConfig(), ct).ConfigureAwait(false);
        // In a session of its own (setsid execs mpd, so the process is still mpd's), a terminal's Ctrl-C reaches
        // only the program that started it, which can then stop in order, instead of every mpd vanishing at once.
        var setsid = options.OwnSession ? ExternalProcess.FindOnPath("setsid") : null;
        var info = new ProcessStartInfo(setsid ?? "mpd")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
            WorkingDirectory = Directory,
        };
        if (setsid is not null)
        {
            info.ArgumentList.Add("mpd");
        }

        info.ArgumentList.Add("--no-daemon");
        info.ArgumentList.Add("--stderr");
        info.ArgumentList.Add(ConfigPath);
        var p = new Process { StartInfo = info };
        p.ErrorDataReceived += (_, e) => Append(e.Data);
        p.OutputDataReceived += (_, e) => Append(e.Data);
        Append($"--- prosync testkit: starting {ExternalProcess.Describe(setsid is null ? "mpd" : "setsid", info.ArgumentList)} on port {Port}");
        p.Start();
        p.BeginErrorReadLine();
        p.BeginOutputReadLine();
        process?.Dispose();
        process = p;
        Running[this] = 0;
        try
        {
            await WaitUntilReadyAsync(p, ct).ConfigureAwait(false);
        }
        catch
        {
            Kill();
            throw;
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.AppendLine(line);
        }
    }

    private async Task WaitUntilReadyAsync(Process p, CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            if (p.HasExited)
            {
                await p.WaitForExitAsync().ConfigureAwait(false); // flush the log
                var text = Log;
                if (text.Contains("Address already in use", StringComparison.Ordinal) || text.Contains("Failed to bind", StringComparison.Ordinal))
                {
                    throw new PortTakenException();
                }

                throw new InvalidOperationException($"mpd {Name} exited with code {p.ExitCode} during start-up. Log:\n{text}");
            }

            if (deadline.Elapsed > options.StartTimeout)
            {
                throw new TimeoutException($"mpd {Name} was not ready within {options.StartTimeout.TotalSeconds:0.#} s. Log:\n{Log}");
            }

            if (await TryWaitForDatabaseAsync(ct).ConfigureAwait(false) && IsOwnListener(p.Id, Port))
            {
                return;
            }

            await Task.Delay(10, ct).ConfigureAwait(false);
        }
    }

    /// <summary>True once the greeting came and no database update is running.</summary>
    private async Task<bool> TryWaitForDatabaseAsync(CancellationToken ct)
    {
        try
        {
            var deadline = Stopwatch.StartNew();
            while (deadline.Elapsed < options.StartTimeout)
            {
                var status = await RawMpdConnection.SendAsync(Host, Port, "status", TimeSpan.FromSeconds(5), ct).ConfigureAwait(false);
                if (!status.Contains("\nupdating_db:", StringComparison.Ordinal) && !status.StartsWith("updating_db:", StringComparison.Ordinal))
                {
                    return status.EndsWith("OK\n", StringComparison.Ordinal);
                }

                await Task.Delay(10, ct).ConfigureAwait(false);
            }

            return false;
        }
        catch (Exception e) when ((e is SocketException or IOException or InvalidDataException or OperationCanceledException) && !ct.IsCancellationRequested)
        {
            return false; // not listening yet
        }
    }

    /// <summary>
    /// Guards against a port collision: the listening socket on <paramref name="port"/> must belong to our
    /// mpd, not to another test's server that answered first.
    /// </summary>
    private static bool IsOwnListener(int pid, int port)
    {
        var portHex = port.ToString("X4", CultureInfo.InvariantCulture);
        var inodes = new HashSet<string>();
        foreach (var line in File.ReadLines("/proc/net/tcp").Skip(1))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            // local_address "0100007F:PORT", state 0A = LISTEN, inode at index 9
            if (fields.Length > 9 && fields[1].EndsWith(":" + portHex, StringComparison.Ordinal) && fields[3] == "0A")
            {
                inodes.Add(fields[9]);
            }
        }

        if (inodes.Count == 0)
        {
            return false;
        }

        try
        {
            foreach (var fd in System.IO.Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd"))
            {
                var target = new FileInfo(fd).LinkTarget;
                if (target is not null && target.StartsWith("socket:[", StringComparison.Ordinal) && inodes.Contains(target[8..^1]))
                {
                    return true;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }

        throw new PortTakenException();
    }

    /// <summary>mpd could not bind its port, or another process listens there.</summary>
    private sealed class PortTakenException : Exception
    {
        public PortTakenException()
            : base("the port is taken")
        {
        }
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Prosync.Host.Demo;

/// <summary>
/// One demo room's <c>mpd</c>: its own directory (mpd.conf, database, playlists) and a free loopback port, a
/// silent output paced in real time (<c>null</c> with <c>sync "yes"</c>), a software mixer so volume works.
/// It can be stopped and started again on the same port, as a room that reboots.
/// </summary>
public sealed class DemoMpd : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(20);

    private readonly string _config;
    private readonly int _songs;
    private readonly StringBuilder _stderr = new();
    private Process? _process;

    private DemoMpd(string name, string directory, string music, int port, int songs)
    {
        Name = name;
        Port = port;
        _songs = songs;
        Directory.CreateDirectory(Path.Combine(directory, "playlists"));
        _config = Path.Combine(directory, "mpd.conf");
        File.WriteAllText(_config, $$"""
            music_directory    "{{music}}"
            db_file            "{{directory}}/db"
            playlist_directory "{{directory}}/playlists"
            bind_to_address    "127.0.0.1"
            port               "{{port}}"
            zeroconf_enabled   "no"
            audio_output {
                type       "null"
                name       "{{name}} (silent)"
                sync       "yes"
                mixer_type "software"
            }
            """);
    }

    public string Name { get; }

    public int Port { get; }

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Starts mpd on a free port in <paramref name="directory"/>, ready once its database lists <paramref name="songs"/> songs.</summary>
    public static async Task<DemoMpd> StartAsync(string name, string directory, string music, int songs, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var mpd = new DemoMpd(name, directory, music, FreePort(), songs);
            try
            {
                await mpd.StartAsync(ct);
                return mpd;
            }
            catch (IOException) when (attempt < 3)
            {
                await mpd.DisposeAsync(); // the port was taken meanwhile: try another
            }
            catch
            {
                await mpd.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>(Re)starts the process on its port and waits until it answers with its songs in the database.</summary>
    /// <exception cref="IOException">mpd exited or did not become ready; its own words are in the message.</exception>
    public async Task StartAsync(CancellationToken ct)
    {
        if (IsRunning)
        {
            return;
        }
        // In a session of its own (setsid), so the terminal's Ctrl-C reaches Prosync only: it stops the proxy
        // first and then the rooms, instead of every room vanishing under a running proxy.
        var setsid = DemoPrerequisites.FindOnPath("setsid");
        var start = new ProcessStartInfo(setsid ?? "mpd") { RedirectStandardError = true, RedirectStandardOutput = true };
        string[] args = setsid is null ? ["--no-daemon", "--stderr", _config] : ["mpd", "--no-daemon", "--stderr", _config];
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        lock (_stderr)
        {
            _stderr.Clear();
        }
        var process = Process.Start(start) ?? throw new IOException("mpd did not start");
        process.ErrorDataReceived += (_, e) =>
        {
            lock (_stderr)
            {
                _stderr.AppendLine(e.Data);
            }
        };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        _process = process;

        var deadline = Stopwatch.StartNew();
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            if (process.HasExited)
            {
                throw new IOException($"mpd for {Name} exited: {Stderr()}");
            }
            if (deadline.Elapsed > ReadyTimeout)
            {
                throw new IOException($"mpd for {Name} was not ready after {ReadyTimeout.TotalSeconds} s: {Stderr()}");
            }
            if (await IsReadyAsync(ct))
            {
                return;
            }
            await Task.Delay(50, ct);
        }
    }

    /// <summary>Kills the process: the room vanishes as a crashed or unplugged server does.</summary>
    public async Task StopAsync()
    {
        if (_process is not { } process)
        {
            return;
        }
        _process = null;
        try
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            // already gone, or a zombie we cannot wait for
        }
        finally
        {
            process.Dispose();
        }
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    private async Task<bool> IsReadyAsync(CancellationToken ct)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, Port, ct);
            using var reader = new StreamReader(client.GetStream(), Encoding.UTF8);
            await using var writer = new StreamWriter(client.GetStream(), new UTF8Encoding(false)) { AutoFlush = true, NewLine = "\n" };
            if ((await reader.ReadLineAsync(ct))?.StartsWith("OK MPD", StringComparison.Ordinal) != true)
            {
                return false;
            }
            await writer.WriteLineAsync("stats");
            var songs = 0;
            for (var line = await reader.ReadLineAsync(ct); line is not null && line != "OK"; line = await reader.ReadLineAsync(ct))
            {
                if (line.StartsWith("songs: ", StringComparison.Ordinal))
                {
                    songs = int.Parse(line[7..], System.Globalization.CultureInfo.InvariantCulture);
                }
            }
            return songs >= _songs;
        }
        catch (Exception e) when (e is SocketException or IOException)
        {
            return false;
        }
    }

    private string Stderr()
    {
        lock (_stderr)
        {
            var text = _stderr.ToString().Trim();
            return text.Length == 0 ? "(nothing on stderr)" : text;
        }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}

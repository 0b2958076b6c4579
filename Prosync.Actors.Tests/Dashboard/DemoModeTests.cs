using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Prosync.Actors.Tests.TestKit;
using Prosync.Host.Lab;
using Prosync.Host.Hosting;

namespace Prosync.Actors.Tests.Dashboard;

/// <summary>
/// The README's first command: with no server configured, Prosync runs its demo (three MPD rooms behind
/// simulated links, the proxy, the dashboard) and Ctrl-C stops all of it.
/// </summary>
[Collection(RealMpdCollection.Name)]
public sealed class DemoModeTests
{
    [Fact]
    public async Task Without_servers_the_demo_brings_three_rooms_in_sync_plays_and_stops_cleanly()
    {
        if (Prosync.Host.Demo.DemoPrerequisites.Missing(ExternalProcess.FindOnPath).Count > 0)
        {
            return; // like the other real-MPD tests: nothing to run without mpd and sox
        }
        var (listen, http) = (FreePort(), FreePort());
        var before = DemoMpdProcesses();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var run = Task.Run(() => ProsyncHost.RunAsync(
            ["--listen", $"127.0.0.1:{listen}", "--http", $"127.0.0.1:{http}", "--no-browser"], stdout, stderr, stop.Token));
        List<int> ours = [];
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{http}/") };

        try
        {
            var servers = JsonDocument.Parse(await Until(run, async () =>
            {
                var json = await client.GetStringAsync("api/servers");
                var list = JsonDocument.Parse(json).RootElement;
                return list.GetArrayLength() == 3 && list.EnumerateArray().All(s => s.GetProperty("state").GetString() == "InSync")
                    ? json : null;
            })).RootElement;
            Assert.Equal(["kitchen", "living-room", "bedroom"], servers.EnumerateArray().Select(s => s.GetProperty("name").GetString()));

            // The demo queues its tones through Prosync and plays them; an MPD client sees that on the proxy.
            var status = await Until(run, async () =>
            {
                var reply = await RawMpdConnection.SendAsync("127.0.0.1", listen, "status", TimeSpan.FromSeconds(5), default);
                return reply.Contains("state: play\n", StringComparison.Ordinal) ? reply : null;
            });
            Assert.Contains("playlistlength: 3\n", status, StringComparison.Ordinal);
            Assert.Contains("<title>Prosync</title>", await client.GetStringAsync(""));
            ours = DemoMpdProcesses().Except(before).ToList();
            Assert.Equal(3, ours.Count);
        }
        finally
        {
            await stop.CancelAsync();
        }

        Assert.Equal(ExitCode.Ok, await run);
        Assert.Equal("", stderr.ToString());
        Assert.Empty(DemoMpdProcesses().Intersect(ours)); // the rooms' mpd processes are gone
    }

    /// <summary>Process ids of the mpd processes of demo rooms (their config is in a prosync-demo-* directory).</summary>
    private static HashSet<int> DemoMpdProcesses()
    {
        var found = new HashSet<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }
            try
            {
                var cmd = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                if (cmd.StartsWith("mpd ", StringComparison.Ordinal) && cmd.Contains("/prosync-demo-", StringComparison.Ordinal))
                {
                    found.Add(pid);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // exited meanwhile
            }
        }
        return found;
    }

    private static async Task<string> Until(Task<int> run, Func<Task<string?>> probe)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            Assert.False(run.IsCompleted, $"Prosync exited with {(run.IsCompleted ? run.Result : 0)}");
            try
            {
                if (await probe() is { } value)
                {
                    return value;
                }
            }
            catch (Exception e) when (e is HttpRequestException or SocketException or IOException or TimeoutException)
            {
                // not up yet
            }
            Assert.True(DateTime.UtcNow < deadline, "the demo did not get there within 30 s");
            await Task.Delay(200);
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

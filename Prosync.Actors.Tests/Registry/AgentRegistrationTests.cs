using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Prosync.Actors.Servers;
using Prosync.Actors.Tests.TestKit;
using Prosync.Host.Registry;
using Xunit.Abstractions;

namespace Prosync.Actors.Tests.Registry;

/// <summary>A real agent process in front of a real MPD registers its room with a real proxy, loses it, gets it back.</summary>
[Collection(RealMpdCollection.Name)]
public sealed class AgentRegistrationTests(MusicFixture library, ITestOutputHelper output)
{
    private static readonly RegistryOptions Options = RegistryOptions.Default with { Timeout = TimeSpan.FromSeconds(4) };
    private const double KeepaliveSeconds = 1;

    /// <summary>Slack on the bounds (timeout + 1 s, keepalive + 1 s) for a busy 2-core CI box; the real figures are in the bench.</summary>
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task An_agents_room_joins_in_sync_is_dropped_when_the_agent_dies_and_comes_back_when_it_restarts()
    {
        await using var lab = await RegistryLab.StartAsync(library, Options);
        var (mpd, dir) = await lab.StartRoomAsync(library, "attic");
        await lab.Proxy.SendAsync($"add \"{library.Tracks[1].Uri}\"\n");

        var agent = await lab.StartAgentAsync("attic", mpd, dir, KeepaliveSeconds);
        Assert.True(await ProxyHarness.EventuallyAsync(async () => (await lab.RoomsAsync()).Contains("attic"), TimeSpan.FromSeconds(10)),
            $"the agent's room did not appear:\n{agent.Output}");
        await lab.Proxy.WaitForStateAsync("attic", ServerState.InSync, TimeSpan.FromSeconds(20));
        Assert.Contains("attic", await lab.ReplicasAsync());
        // In sync means the queue was brought over: the agent's room plays what the others play.
        Assert.Equal(Files(await lab.Home.SendAsync("playlistinfo")), Files(await mpd.SendAsync("playlistinfo")));

        await agent.KillAsync();
        var killed = Stopwatch.StartNew();
        Assert.True(await ProxyHarness.EventuallyAsync(async () => !(await lab.RoomsAsync()).Contains("attic"), Options.Timeout + Slack + Slack),
            "the dead agent's room is still there");
        output.WriteLine($"dropped {killed.Elapsed.TotalSeconds:0.00} s after the kill (timeout {Options.Timeout.TotalSeconds} s)");
        Assert.True(killed.Elapsed <= Options.Timeout + Slack, $"dropped only after {killed.Elapsed}");
        Assert.DoesNotContain("attic", await lab.ReplicasAsync());

        var restarted = await lab.StartAgentAsync("attic", mpd, dir, KeepaliveSeconds);
        var listening = Stopwatch.StartNew();
        Assert.True(await ProxyHarness.EventuallyAsync(async () => (await lab.RoomsAsync()).Contains("attic"), TimeSpan.FromSeconds(10)),
            $"the restarted agent's room did not come back:\n{restarted.Output}");
        output.WriteLine($"registered again {listening.Elapsed.TotalSeconds:0.00} s after the agent listened (keepalive {KeepaliveSeconds} s)");
        Assert.True(listening.Elapsed <= TimeSpan.FromSeconds(KeepaliveSeconds) + Slack, $"registered only after {listening.Elapsed}");
        await lab.Proxy.WaitForStateAsync("attic", ServerState.InSync, TimeSpan.FromSeconds(20));

        // A clean stop says goodbye: the room goes at once, not after the timeout.
        var stopping = Stopwatch.StartNew();
        Assert.Equal(0, await restarted.StopAsync());
        Assert.True(await ProxyHarness.EventuallyAsync(async () => !(await lab.RoomsAsync()).Contains("attic"), Options.Timeout),
            $"the room outlived its agent's goodbye:\n{restarted.Output}");
        output.WriteLine($"removed {stopping.Elapsed.TotalSeconds:0.00} s after SIGTERM");
        Assert.Contains("Said goodbye to the registry: 204", restarted.Output);
    }

    [Fact]
    public async Task An_agent_restarted_on_another_port_before_its_timeout_moves_its_room_to_the_new_address()
    {
        await using var lab = await RegistryLab.StartAsync(library, Options);
        var (mpd, dir) = await lab.StartRoomAsync(library, "den");
        var first = await lab.StartAgentAsync("den", mpd, dir, KeepaliveSeconds);
        Assert.True(await ProxyHarness.EventuallyAsync(async () => (await lab.RoomsAsync()).Contains("den"), TimeSpan.FromSeconds(10)));
        await lab.Proxy.WaitForStateAsync("den", ServerState.InSync, TimeSpan.FromSeconds(20));

        await first.KillAsync();
        var second = await lab.StartAgentAsync("den", mpd, dir, KeepaliveSeconds); // a new port: the registry sees a move
        Assert.NotEqual(first.Url, second.Url);
        Assert.True(await ProxyHarness.EventuallyAsync(async () =>
            (await lab.Http.GetStringAsync("api/registry/replicas")).Contains(second.Url.ToString().TrimEnd('/'), StringComparison.Ordinal),
            TimeSpan.FromSeconds(KeepaliveSeconds) + Slack), $"the registry kept the old agent:\n{second.Output}");
        await lab.Proxy.WaitForStateAsync("den", ServerState.InSync, TimeSpan.FromSeconds(20));
        // A move is a new registration for the agent (201), logged as such.
        Assert.True(await ProxyHarness.EventuallyAsync(() => Task.FromResult(second.Output.Contains("(201;", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(5)), second.Output);
    }

    [Fact]
    public async Task An_agent_started_before_the_proxy_retries_quietly_and_registers_once_the_proxy_is_up()
    {
        var (mpd, dir) = await RegistryLab.StartLoneRoomAsync(library, "early");
        await using var _ = mpd;
        var port = FreePort();
        await using var agent = await AgentProcess.StartAsync("early", $"127.0.0.1:{port}", $"{mpd.Host}:{mpd.Port}", dir, KeepaliveSeconds);
        await Task.Delay(TimeSpan.FromSeconds(2.5)); // several attempts with backoff

        await using var lab = await RegistryLab.StartAsync(library, Options, port);
        var up = Stopwatch.StartNew();
        Assert.True(await ProxyHarness.EventuallyAsync(async () => (await lab.RoomsAsync()).Contains("early"), TimeSpan.FromSeconds(10)),
            $"the agent did not register once the proxy was up:\n{agent.Output}");
        output.WriteLine($"registered {up.Elapsed.TotalSeconds:0.00} s after the proxy was up");
        // The agent logs its registration once the reply is back: the proxy may list the room a moment before.
        Assert.True(await ProxyHarness.EventuallyAsync(
            () => Task.FromResult(agent.Output.Contains("Registered early", StringComparison.Ordinal)), TimeSpan.FromSeconds(5)),
            agent.Output);
        output.WriteLine(agent.Output);
        // One line for the state "unreachable", however many attempts; one for "registered".
        Assert.Single(agent.Output.Split('\n'), l => l.Contains("is not reachable", StringComparison.Ordinal));
        Assert.Single(agent.Output.Split('\n'), l => l.Contains("Registered early", StringComparison.Ordinal));
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public async Task The_registry_refuses_a_configured_rooms_name_another_rooms_address_and_bad_registrations()
    {
        await using var lab = await RegistryLab.StartAsync(library, Options);
        async Task<(HttpStatusCode, string)> Register(object body)
        {
            using var response = await lab.Http.PostAsJsonAsync("api/registry/replicas", body);
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }

        var (status, text) = await Register(new { name = "home", mpd = "127.0.0.1:1", agent = "http://127.0.0.1:2", keepaliveSeconds = 3 });
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("configured room", text);

        (status, text) = await Register(new { name = "den", mpd = $"{lab.Home.Host}:{lab.Home.Port}", agent = "http://127.0.0.1:2", keepaliveSeconds = 3 });
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("already uses", text);

        (status, text) = await Register(new { name = "den", mpd = "127.0.0.1:1", agent = "ftp://x", keepaliveSeconds = 3 });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("agent", text);

        (status, text) = await Register(new { name = "den", mpd = "127.0.0.1:1", agent = "http://127.0.0.1:2", keepaliveSeconds = 3, extra = 1 });
        Assert.Equal(HttpStatusCode.BadRequest, status);

        using var missing = await lab.Http.DeleteAsync("api/registry/replicas/nobody");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(["home"], await lab.RoomsAsync());
    }

    [Fact]
    public async Task Replicas_of_a_file_include_a_local_music_directory_measured_on_disk_and_bad_queries_are_refused()
    {
        await using var lab = await RegistryLab.StartAsync(library, Options, homeHasMusicDirectory: true);
        var track = Uri.EscapeDataString(library.Tracks[0].Uri);
        Assert.True(await ProxyHarness.EventuallyAsync(async () =>
            (await lab.Http.GetStringAsync("api/library/measurements")).Contains("\"method\":\"local\"", StringComparison.Ordinal),
            TimeSpan.FromSeconds(10)), "the local room was not measured");

        var listed = await lab.Http.GetStringAsync($"api/library/replicas?path={track}");
        output.WriteLine(listed);
        using (var doc = System.Text.Json.JsonDocument.Parse(listed))
        {
            var home = Assert.Single(doc.RootElement.EnumerateArray());
            Assert.Equal("home", home.GetProperty("name").GetString());
            Assert.Equal("local", home.GetProperty("method").GetString());
            Assert.Equal(new FileInfo(Path.Combine(library.RootDirectory, library.Tracks[0].Uri)).Length, home.GetProperty("bytes").GetInt64());
            Assert.True(home.GetProperty("throughputMBps").GetDouble() > 0);
        }
        Assert.Contains("\"best\":{\"name\":\"home\"", await lab.Http.GetStringAsync($"api/library/replicas?path={track}&selection=network&optimize=latency"));
        Assert.Equal("[]", await lab.Http.GetStringAsync("api/library/replicas?path=No%20Such%2Fsong.flac"));

        foreach (var (query, status) in (IEnumerable<(string, HttpStatusCode)>)[
                     ("path=..%2Fx.flac", HttpStatusCode.BadRequest),
                     ($"path={track}&selection=best", HttpStatusCode.BadRequest),
                     ($"path={track}&optimize=speed", HttpStatusCode.BadRequest),
                     ("path=No%20Such%2Fsong.flac&selection=network", HttpStatusCode.NotFound)])
        {
            using var response = await lab.Http.GetAsync($"api/library/replicas?{query}");
            Assert.True(response.StatusCode == status, $"{query}: {response.StatusCode}");
            Assert.Contains("\"error\"", await response.Content.ReadAsStringAsync());
        }
    }

    private static int FreePort()
    {
        using var probe = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    private static string[] Files(string playlistinfo)
        => [.. playlistinfo.Split('\n').Where(l => l.StartsWith("file: ", StringComparison.Ordinal))];
}

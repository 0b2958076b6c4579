using System.Net;
using Akka.Actor;
using Prosync.Actors.Cluster;
using Prosync.Actors.Proxy;
using Prosync.Actors.Rooms;
using Prosync.Actors.Servers;
using Prosync.Actors.Tests.TestKit;
using Prosync.Host.Lab;
using Xunit.Abstractions;

namespace Prosync.Actors.Tests.Integration;

/// <summary>
/// Rooms as MPD outputs and groups as MPD partitions, driven by real clients (mpc, python-mpd2) against real MPDs;
/// where rooms play is judged on each MPD's own connection (<see cref="PositionMeter"/>), not through the proxy.
/// </summary>
[Collection(RealMpdCollection.Name)]
public sealed class RoomsAndGroupsTests(MusicFixture library, ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Metering = TimeSpan.FromSeconds(1.2);
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(12);

    /// <summary>In step, as the continuity tests judge it on a busy 2-core box.</summary>
    private const double InStepMs = 12;

    private readonly string _stateFile = Path.Combine(Path.GetTempPath(), $"prosync-rooms-{Guid.NewGuid():N}.json");

    public void Dispose() => File.Delete(_stateFile);

    [Fact]
    public async Task A_disabled_room_is_silent_while_the_others_play_and_rejoins_in_step()
    {
        await using var rooms = await MpdProcessGroup.StartAsync(library, 3);
        await using var proxy = await StartAsync(rooms);
        var mpc = new MpcClient(proxy.Host(), proxy.Port());
        Assert.DoesNotContain("ACK", await proxy.SendAsync(Queue() + "play 0\n"));

        var outputs = await mpc.RunAsync("outputs");
        Assert.Equal("Output 1 (room1) is enabled\nOutput 2 (room2) is enabled\nOutput 3 (room3) is enabled\n", outputs.StandardOutput);
        Assert.Contains("outputid: 1\noutputname: room2\nplugin: prosync\noutputenabled: 1\n", await proxy.SendAsync("outputs\n"));

        Assert.Equal(0, (await mpc.RunAsync("disable", "2")).ExitCode);
        Assert.True(await ProxyHarness.EventuallyAsync(async () => State(await rooms[1].SendAsync("status")) == "stop", Within),
            "room2 still plays after mpc disable 2");
        await AssertInStepAsync([rooms[0], rooms[2]]);
        Assert.Contains("Output 2 (room2) is disabled", (await mpc.RunAsync("outputs")).StandardOutput);
        // Its queue is kept in step while it is out.
        Assert.DoesNotContain("ACK", await proxy.SendAsync($"add \"{library.PlainTrack.Uri}\"\n"));
        Assert.True(await ProxyHarness.EventuallyAsync(async () =>
            Value(await rooms[1].SendAsync("status"), "playlistlength") == Value(await rooms[0].SendAsync("status"), "playlistlength"), Within));
        Assert.Equal("stop", State(await rooms[1].SendAsync("status")));
        Assert.Equal("play", State(await proxy.SendAsync("status\n")));

        Assert.Equal(0, (await mpc.RunAsync("enable", "2")).ExitCode);
        await AssertInStepAsync(rooms);
        output.WriteLine($"rejoined: {(await proxy.GetStatusAsync()).RecentResyncs[0]}");

        Assert.Equal(0, (await mpc.RunAsync("toggleoutput", "room3")).ExitCode);
        Assert.True(await ProxyHarness.EventuallyAsync(async () => State(await rooms[2].SendAsync("status")) == "stop", Within));
        var room3 = (await proxy.GetStatusAsync()).Servers.Single(s => s.Name == "room3");
        Assert.False(room3.Enabled);
        Assert.Equal(2, room3.OutputId);
    }

    [Fact]
    public async Task With_every_room_of_a_group_out_the_group_pauses_and_a_room_back_in_takes_over()
    {
        await using var rooms = await MpdProcessGroup.StartAsync(library, 2);
        await using var proxy = await StartAsync(rooms);
        Assert.DoesNotContain("ACK", await proxy.SendAsync(Queue() + "play 0\n"));

        Assert.DoesNotContain("ACK", await proxy.SendAsync("disableoutput 1\n"));
        Assert.True(await ProxyHarness.EventuallyAsync(async () => State(await rooms[1].SendAsync("status")) == "stop", Within));
        Assert.DoesNotContain("ACK", await proxy.SendAsync("disableoutput 0\n"));
        Assert.True(await ProxyHarness.EventuallyAsync(async () => State(await rooms[0].SendAsync("status")) == "pause", Within),
            "the last room out should leave the group paused");
        Assert.Equal("pause", State(await proxy.SendAsync("status\n")));
        Assert.Equal("stop", State(await rooms[1].SendAsync("status")));

        // room2 back in: it takes the group's state (paused there) and becomes its primary; room1 is stopped.
        Assert.DoesNotContain("ACK", await proxy.SendAsync("enableoutput 1\n"));
        Assert.True(await ProxyHarness.EventuallyAsync(async () => (await proxy.GetStatusAsync()).Primary == "room2", Within));
        Assert.True(await ProxyHarness.EventuallyAsync(async () => State(await rooms[0].SendAsync("status")) == "stop", Within));
        Assert.Equal("pause", State(await rooms[1].SendAsync("status")));
        Assert.DoesNotContain("ACK", await proxy.SendAsync("play\n"));
        Assert.True(await ProxyHarness.EventuallyAsync(async () => State(await rooms[1].SendAsync("status")) == "play", Within));
        await Task.Delay(500);
        Assert.Equal("stop", State(await rooms[0].SendAsync("status")));
    }

    [Fact]
    public async Task Trims_hold_after_setvol_and_status_shows_the_group_volume()
    {
        await using var rooms = await MpdProcessGroup.StartAsync(library, 2);
        await using var proxy = await StartAsync(rooms);
        var result = await proxy.Cluster.Ask<OperationResult>(new SetRoomTrim("room2", 0.5), TimeSpan.FromSeconds(5));
        Assert.True(result.Succeeded, result.Message);
        var mpc = new MpcClient(proxy.Host(), proxy.Port());

        Assert.Equal(0, (await mpc.RunAsync("volume", "80")).ExitCode);
        Assert.Equal("80", Value(await rooms[0].SendAsync("status"), "volume"));
        Assert.Equal("40", Value(await rooms[1].SendAsync("status"), "volume"));
        Assert.Equal("80", Value(await proxy.SendAsync("status\n"), "volume"));
        Assert.Contains("volume: 80", await proxy.SendAsync("getvol\n"));

        Assert.Equal(0, (await mpc.RunAsync("volume", "-20")).ExitCode);
        Assert.Equal("60", Value(await rooms[0].SendAsync("status"), "volume"));
        Assert.Equal("30", Value(await rooms[1].SendAsync("status"), "volume"));

        // A new trim is applied at once; a periodic check does not take it back.
        result = await proxy.Cluster.Ask<OperationResult>(new SetRoomTrim("room2", 0.25), TimeSpan.FromSeconds(5));
        Assert.True(result.Succeeded, result.Message);
        Assert.True(await ProxyHarness.EventuallyAsync(async () => Value(await rooms[1].SendAsync("status"), "volume") == "15", Within));
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal("15", Value(await rooms[1].SendAsync("status"), "volume"));
        Assert.Equal("60", Value(await rooms[0].SendAsync("status"), "volume"));
        Assert.Equal("60", Value(await proxy.SendAsync("status\n"), "volume"));

        // The primary's own trim too.
        result = await proxy.Cluster.Ask<OperationResult>(new SetRoomTrim("room1", 0.5), TimeSpan.FromSeconds(5));
        Assert.True(result.Succeeded, result.Message);
        Assert.True(await ProxyHarness.EventuallyAsync(async () => Value(await rooms[0].SendAsync("status"), "volume") == "30", Within));
        Assert.Equal("15", Value(await rooms[1].SendAsync("status"), "volume"));
        Assert.Equal("60", Value(await proxy.SendAsync("status\n"), "volume"));

        var bad = await proxy.Cluster.Ask<OperationResult>(new SetRoomTrim("room2", 1.5), TimeSpan.FromSeconds(5));
        Assert.False(bad.Succeeded);
    }

    [Fact]
    public async Task Two_groups_play_different_songs_each_in_step_and_a_room_moved_mid_song_joins_in_step()
    {
        await using var rooms = await MpdProcessGroup.StartAsync(library, 4);
        await using var proxy = await StartAsync(rooms);
        Assert.DoesNotContain("ACK", await proxy.SendAsync(Queue() + "play 0\n"));

        // python-mpd2 makes a group upstairs with room3 and room4 and plays another song there.
        var upstairs = await PythonAsync(proxy, """
            c.newpartition("upstairs")
            c.partition("upstairs")
            c.moveoutput("room3")
            c.moveoutput("room4")
            c.play(1)
            out["partitions"] = [p["partition"] for p in c.listpartitions()]
            out["status_partition"] = c.status()["partition"]
            out["outputs"] = {o["outputname"]: o["plugin"] + ":" + o["outputenabled"] for o in c.outputs()}
            try:
                c.delpartition("upstairs")
            except mpd.CommandError as e:
                out["delpartition"] = str(e)
            """);
        Assert.Equal("""{"partitions": ["default", "upstairs"], "status_partition": "upstairs", "outputs": {"room1": "dummy:0", "room2": "dummy:0", "room3": "prosync:1", "room4": "prosync:1"}, "delpartition": "[5@0] {delpartition} partition still has clients"}""", upstairs);
        await AssertPlayingAsync(rooms[2], song: 1);
        await AssertInStepAsync([rooms[0], rooms[1]]);
        await AssertInStepAsync([rooms[2], rooms[3]]);
        Assert.Equal("0", Value(await rooms[0].SendAsync("status"), "song"));
        Assert.Equal("0", Value(await proxy.SendAsync("status\n"), "song")); // this session is in the default group

        // room4 back downstairs, mid-song: it takes up the default group's song and position, in step.
        var back = await PythonAsync(proxy, """
            c.moveoutput("room4")
            out["rooms"] = sorted(o["outputname"] for o in c.outputs() if o["plugin"] == "prosync")
            """);
        Assert.Equal("""{"rooms": ["room1", "room2", "room4"]}""", back);
        await AssertInStepAsync([rooms[0], rooms[1], rooms[3]], proxy);
        await AssertPlayingAsync(rooms[2], song: 1);
        var status = await proxy.GetStatusAsync();
        Assert.Equal(["default", "upstairs"], status.Groups.Select(g => g.Name));
        Assert.Equal(["room3"], status.Groups[1].Rooms);
        Assert.Equal("upstairs", status.Servers.Single(s => s.Name == "room3").Group);
    }

    /// <summary>
    /// Each line's answer through the proxy is mpd 0.23's own, word for word: the same lines go to a real MPD with one
    /// output and to the proxy with one room ({OUT} is that output's, or that room's, name).
    /// </summary>
    [Fact]
    public async Task Partition_and_output_commands_answer_as_mpd_does()
    {
        await using var servers = await MpdProcessGroup.StartAsync(library, 2);
        var reference = servers[0];
        await using var proxy = await StartAsync([servers[1]]);
        string[] lines =
        [
            "partition nope", "partition", "partition a b", "newpartition default", "newpartition bad/name", "newpartition a.b",
            "newpartition \"\"", "delpartition default", "delpartition nope", "moveoutput nope", "moveoutput",
            "enableoutput 9", "enableoutput x", "disableoutput -1", "toggleoutput 99", "enableoutput 1.5", "enableoutput 4294967296",
            "outputset 0 foo bar", "outputset 7 foo bar", "listpartitions",
            "newpartition x", "newpartition x", "listpartitions", "partition x",
            // A partition with no output: the status of an empty, stopped queue; nothing to play.
            "status", "playlistinfo", "currentsong", "play", "stop",
            "moveoutput {OUT}", "delpartition x", "partition default", "delpartition x",
            // What moved away is a dummy here: switching it is accepted, setting an attribute is not.
            "outputset 0 foo bar", "enableoutput 0",
            "partition x", "moveoutput {OUT}", "partition default", "moveoutput {OUT}", "delpartition x", "listpartitions",
        ];
        await using var direct = await RawClient.ConnectAsync(reference.Host, reference.Port);
        await using var through = await RawClient.ConnectAsync(proxy.Host(), proxy.Port());
        await direct.RoundTripAsync("ping\n"); // past the greetings
        await through.RoundTripAsync("ping\n");
        foreach (var line in lines)
        {
            var expected = await direct.RoundTripAsync(line.Replace("{OUT}", "null", StringComparison.Ordinal) + "\n");
            var actual = await through.RoundTripAsync(line.Replace("{OUT}", servers[1].Name, StringComparison.Ordinal) + "\n");
            output.WriteLine($"{line} -> {expected.TrimEnd()}");
            Assert.True(expected == actual, $"{line}: mpd answers\n{expected}but the proxy\n{actual}");
        }
    }

    [Fact]
    public async Task Idle_clients_hear_of_new_partitions_and_of_rooms_switched_or_moved_as_with_mpd()
    {
        await using var rooms = await MpdProcessGroup.StartAsync(library, 2);
        await using var proxy = await StartAsync(rooms);
        await using var idler = await RawClient.ConnectAsync(proxy.Host(), proxy.Port());
        await using var other = await RawClient.ConnectAsync(proxy.Host(), proxy.Port());
        await idler.RoundTripAsync("ping\n");
        await other.RoundTripAsync("ping\n");

        async Task<string> IdleThrough(string lines)
        {
            var idle = idler.RoundTripAsync("idle partition output\n");
            await Task.Delay(200);
            Assert.DoesNotContain("ACK", await other.RoundTripAsync(lines));
            return await idle;
        }

        Assert.Equal("changed: partition\nOK\n", await IdleThrough("newpartition upstairs\n"));
        Assert.Equal("changed: output\nOK\n", await IdleThrough("disableoutput 1\n"));
        Assert.Equal("OK\n", await other.RoundTripAsync("partition upstairs\n"));
        Assert.Equal("changed: output\nOK\n", await IdleThrough("moveoutput room2\n"));
        // The session in upstairs sees its own group: room2 is its only output, and it has its own status.
        Assert.Contains("outputname: room2\nplugin: prosync\noutputenabled: 0\n", await other.RoundTripAsync("outputs\n"));
        Assert.Contains("partition: upstairs\n", await other.RoundTripAsync("status\n"));
        Assert.Contains("partition: default\n", await idler.RoundTripAsync("status\n"));
    }

    [Fact]
    public async Task Groups_memberships_enabled_flags_and_trims_are_kept_across_a_restart()
    {
        await using var rooms = await MpdProcessGroup.StartAsync(library, 3);
        await using (var first = await StartAsync(rooms))
        {
            Assert.True((await first.Cluster.Ask<OperationResult>(new CreateGroup("patio"), TimeSpan.FromSeconds(5))).Succeeded);
            Assert.True((await first.Cluster.Ask<OperationResult>(new SetRoomGroup("room3", "patio"), TimeSpan.FromSeconds(5))).Succeeded);
            Assert.True((await first.Cluster.Ask<OperationResult>(new SetRoomTrim("room2", 0.7), TimeSpan.FromSeconds(5))).Succeeded);
            Assert.DoesNotContain("ACK", await first.SendAsync(Queue() + "play 0\ndisableoutput 1\nsetvol 50\n"));
            var unknown = await first.Cluster.Ask<OperationResult>(new SetRoomGroup("room3", "attic"), TimeSpan.FromSeconds(5));
            Assert.Equal("no group named attic", unknown.Message);
            Assert.True(await ProxyHarness.EventuallyAsync(() => Task.FromResult(File.Exists(_stateFile) && File.ReadAllText(_stateFile).Contains("patio")), Within));
        }

        await using var second = await StartAsync(rooms);
        var status = await second.GetStatusAsync();
        Assert.Equal(["default", "patio"], status.Groups.Select(g => g.Name));
        Assert.Equal(50, status.Groups[0].Volume);
        var room2 = status.Servers.Single(s => s.Name == "room2");
        Assert.Equal((false, 0.7, "default"), (room2.Enabled, room2.Trim, room2.Group));
        Assert.Equal("patio", status.Servers.Single(s => s.Name == "room3").Group);
        Assert.Contains("outputid: 1\noutputname: room2\nplugin: prosync\noutputenabled: 0\n", await second.SendAsync("outputs\n"));
        Assert.Contains("partition: patio\n", await second.SendAsync("listpartitions\n"));
        // The music went on through the restart; the room that is out stays silent.
        Assert.Equal("play", State(await second.SendAsync("status\n")));
        Assert.Equal("play", State(await rooms[0].SendAsync("status")));
        Assert.Equal("stop", State(await rooms[1].SendAsync("status")));
    }

    [Fact]
    public async Task A_room_without_a_mixer_is_reported_so_and_volume_commands_skip_it()
    {
        await using var mixed = await MpdProcess.StartAsync(library, new MpdProcessOptions { Name = "mixed" });
        await using var plain = await MpdProcess.StartAsync(library, new MpdProcessOptions { Name = "plain", NoMixer = true });
        await using var proxy = await StartAsync([mixed, plain]);
        Assert.DoesNotContain("volume:", await plain.SendAsync("status")); // mpd 0.23's way of saying it has no mixer
        Assert.True(await ProxyHarness.EventuallyAsync(async () =>
            (await proxy.GetStatusAsync()).Servers.Single(s => s.Name == "plain").HasMixer == false, Within), "plain not reported mixerless");
        Assert.True((await proxy.GetStatusAsync()).Servers.Single(s => s.Name == "mixed").HasMixer);

        Assert.Equal("OK\n", await proxy.SendAsync("setvol 35\n"));
        Assert.Equal("35", Value(await mixed.SendAsync("status"), "volume"));
        Assert.Equal("35", Value(await proxy.SendAsync("status\n"), "volume"));
        // Not resynced for it: it stays in sync, untouched.
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.All((await proxy.GetStatusAsync()).Servers, s => Assert.Equal(ServerState.InSync, s.State));
        Assert.Null(Value(await plain.SendAsync("status"), "volume"));
    }

    private async Task<ProxyServer> StartAsync(IReadOnlyList<MpdProcess> rooms)
    {
        var options = new ProxyOptions
        {
            Listen = new IPEndPoint(IPAddress.Loopback, 0),
            Servers = rooms.Select(s => new ServerEndpoint(s.Name, s.Host, s.Port)).ToList(),
            StateFile = _stateFile,
        };
        var proxy = await ProxyServer.StartAsync(options);
        try
        {
            await proxy.WaitForInSyncAsync(rooms.Count, ProxyHarness.DefaultInSyncTimeout);
            return proxy;
        }
        catch
        {
            await proxy.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs python-mpd2 lines with <c>c</c> connected to the proxy; returns the JSON of what they put in <c>out</c>.</summary>
    private static async Task<string> PythonAsync(ProxyServer proxy, string body)
    {
        var script = "import json, sys, mpd\nc = mpd.MPDClient()\nc.timeout = 10\nc.connect(sys.argv[1], int(sys.argv[2]))\nout = {}\n"
            + body + "\nprint(json.dumps(out))\n";
        var outcome = await ExternalProcess.RunAsync(PythonMpdClient.Interpreter, ["-B", "-c", script, proxy.Host(), proxy.Port().ToString(System.Globalization.CultureInfo.InvariantCulture)],
            TimeSpan.FromSeconds(30));
        Assert.True(outcome.ExitCode == 0, outcome.StandardError);
        return System.Text.Encoding.UTF8.GetString(outcome.StandardOutput).Trim();
    }

    private static async Task AssertPlayingAsync(MpdProcess room, int song)
    {
        var status = await room.SendAsync("status");
        Assert.True(State(status) == "play" && Value(status, "song") == song.ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"{room.Name} should play song {song}: {status}");
    }

    /// <summary>The longest track first, then the rest: a test's few seconds stay within one song.</summary>
    private string Queue() => string.Concat(library.Tracks.OrderByDescending(t => t.DurationSeconds).Select(t => $"add \"{t.Uri}\"\n"));

    private static string? Value(string response, string key) =>
        response.Split('\n').Select(l => l.Split(": ", 2)).FirstOrDefault(p => p.Length == 2 && p[0] == key)?[1];

    private static string? State(string status) => Value(status, "state");

    private async Task AssertInStepAsync(IReadOnlyList<MpdProcess> rooms, ProxyServer? proxy = null, double withinMs = InStepMs)
    {
        var (spread, detail) = (double.NaN, "");
        var inStep = await ProxyHarness.EventuallyAsync(async () =>
        {
            (spread, detail) = await PositionMeter.SpreadAsync(rooms, Metering);
            var seen = proxy is null ? "" : "; the proxy sees " + string.Join(", ", (await proxy.GetStatusAsync()).Servers.Select(s =>
                $"{s.Name} {s.Continuity.PositionErrorMs:0.0}±{s.Continuity.PositionUncertaintyMs:0.0} ({s.Continuity.Corrections}: {s.Continuity.LastCorrection})"));
            output.WriteLine($"spread {spread:0.0} ms: {detail}{seen}");
            return spread <= withinMs;
        }, TimeSpan.FromSeconds(30)); // as the continuity tests: a room joins ~20-40 ms ahead, then is paused into step
        Assert.True(inStep, $"the rooms are not in step: {spread:0.0} ms apart ({detail})");
    }
}

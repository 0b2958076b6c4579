using Prosync.Host.Lab;
using System.Diagnostics;
using System.Net.Sockets;
using Prosync.Actors.Tests.TestKit;
using Xunit.Abstractions;

namespace Prosync.Actors.Tests.Integration;

/// <summary>The test kit itself: real mpd processes start fast, keep their port, and answer raw commands.</summary>
[Collection(RealMpdCollection.Name)]
public sealed class MpdProcessTests(MusicFixture library, ITestOutputHelper output)
{
    [Fact]
    public async Task MpdProcess_is_ready_with_the_library_scanned_in_well_under_a_second()
    {
        var clock = Stopwatch.StartNew();
        await using var server = await MpdProcess.StartAsync(library);
        var startup = clock.Elapsed;
        output.WriteLine($"mpd start to ready: {startup.TotalMilliseconds:0} ms");

        var stats = await server.SendAsync("stats");
        Assert.Contains("songs: 6\n", stats, StringComparison.Ordinal);
        Assert.Contains("albums: 2\n", stats, StringComparison.Ordinal);
        Assert.True(startup < TimeSpan.FromSeconds(3), $"start took {startup}");
    }

    [Fact]
    public async Task MpdProcess_volume_works_with_the_software_mixer_and_ids_start_at_one()
    {
        await using var server = await MpdProcess.StartAsync(library, new MpdProcessOptions { Name = "kitchen" });

        var response = await server.SendAsync($"addid \"{library.PlainTrack.Uri}\"\nsetvol 30\nstatus");

        Assert.Equal("kitchen", server.Name);
        Assert.StartsWith("Id: 1\nOK\nOK\nvolume: 30\n", response, StringComparison.Ordinal);
        Assert.Contains("\nplaylist: 2\n", response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MpdProcess_SendAsync_reads_command_lists_errors_idle_and_binary_payloads()
    {
        await using var server = await MpdProcess.StartAsync(library);

        var response = await server.SendAsync(
            "command_list_ok_begin\nping\nstatus\ncommand_list_end\n"
            + $"albumart \"{library.ArtTrack.Uri}\" 0\n"
            + "command_list_begin\nping\nplay 99\nping\ncommand_list_end\n"
            + "frobnicate\nidle\nnoidle\nping");

        var lines = response.Split('\n');
        Assert.Equal(["list_OK", "volume: 100"], lines[..2]);
        Assert.Contains($"size: {new FileInfo(library.CoverFilePath).Length}\nbinary: 8192\n<binary 8192 bytes sha256=", response, StringComparison.Ordinal);
        Assert.Contains("\nACK [2@1] {play} Bad song index\nACK [5@0] {} unknown command \"frobnicate\"\nOK\nOK\n", response, StringComparison.Ordinal);
        Assert.EndsWith("OK\nOK\n", response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MpdProcess_restarts_on_the_same_port_and_keeps_the_queue_with_a_state_file()
    {
        await using var server = await MpdProcess.StartAsync(library, new MpdProcessOptions { StateFile = true });
        await server.SendAsync($"add \"{library.ArtTrack.AlbumDirectory}\"\nsetvol 42\nrepeat 1");
        var before = await ServerSnapshot.CaptureAsync(server);
        var port = server.Port;

        var clock = Stopwatch.StartNew();
        await server.RestartAsync();
        output.WriteLine($"restart: {clock.Elapsed.TotalMilliseconds:0} ms");

        Assert.Equal(port, server.Port);
        var after = await ServerSnapshot.CaptureAsync(server);
        Assert.Equal(before.Queue, after.Queue);
        Assert.Equal(3, after.Queue.Count);
        Assert.Equal(("42", "1", "stop"), (after.Volume, after.Repeat, after.State));
        // MPD quirk: a stopped player with no current song comes back from the state file with "song: 0".
        Assert.Null(before.SongPosition);
        Assert.Equal("0", after.SongPosition);
    }

    [Fact]
    public async Task MpdProcess_kill_drops_the_server_at_once_and_restart_brings_it_back_empty()
    {
        await using var server = await MpdProcess.StartAsync(library);
        await server.SendAsync($"add \"{library.PlainTrack.Uri}\"");

        server.Kill();

        Assert.False(server.IsRunning);
        await Assert.ThrowsAnyAsync<SocketException>(() => server.SendAsync("ping"));
        await server.RestartAsync();
        Assert.True(server.IsRunning);
        Assert.Empty((await ServerSnapshot.CaptureAsync(server)).Queue);
    }

    [Fact]
    public async Task MpdProcess_group_starts_servers_in_parallel_on_distinct_ports()
    {
        var clock = Stopwatch.StartNew();
        await using var servers = await MpdProcessGroup.StartAsync(library, 4);
        output.WriteLine($"4 servers ready in {clock.Elapsed.TotalMilliseconds:0} ms");

        Assert.Equal(4, servers.Select(s => s.Port).Distinct().Count());
        Assert.Equal(["room1", "room2", "room3", "room4"], servers.Select(s => s.Name));
        foreach (var server in servers)
        {
            Assert.Equal("OK\n", await server.SendAsync("ping"));
        }
    }

    [Fact]
    public async Task MpdProcess_with_a_clock_rate_plays_through_the_ppm_sink()
    {
        await using var server = await MpdProcess.StartAsync(library, new MpdProcessOptions { ClockPpm = 0 });

        await server.SendAsync($"add \"{library.PlainTrack.Uri}\"\nplay 0");
        double Elapsed(string status) => double.Parse(status.Split('\n').First(l => l.StartsWith("elapsed: ", StringComparison.Ordinal))[9..],
            System.Globalization.CultureInfo.InvariantCulture);
        await Task.Delay(700); // past the sink's start-up fill, when elapsed runs ahead of what is heard
        var clock = Stopwatch.StartNew();
        var before = Elapsed(await server.SendAsync("status"));
        await Task.Delay(1000);
        var after = Elapsed(await server.SendAsync("status"));
        var rate = (after - before) / clock.Elapsed.TotalSeconds;
        output.WriteLine($"elapsed moved {after - before:0.000} s in {clock.Elapsed.TotalSeconds:0.000} s");

        // Paced by the sink in real time (elapsed moves in 23 ms chunk steps, and the test machine is shared).
        Assert.InRange(rate, 0.85, 1.15);
        var log = await File.ReadAllTextAsync(server.SinkLogPath!);
        Assert.Contains("first t=", log, StringComparison.Ordinal);
        Assert.Null(new MpdProcessOptions().ClockPpm);
    }
}

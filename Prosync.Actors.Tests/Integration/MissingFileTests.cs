using System.Net;
using Prosync.Actors.Proxy;
using Prosync.Actors.Servers;
using Prosync.Actors.Tests.TestKit;
using Xunit.Abstractions;

namespace Prosync.Actors.Tests.Integration;

/// <summary>
/// Issue 10's bug: a room that lacks a file the others have. Through the proxy, adding that file either reaches every
/// room (the file copied first) or is refused with nothing changed; a room can never loop in a resync it cannot finish.
/// Every room serves a music directory of its own; every check reads the MPD servers directly.
/// </summary>
[Collection(RealMpdCollection.Name)]
public sealed class MissingFileTests(MusicFixture library, ITestOutputHelper output)
{
    private string Lacked => library.Tracks[3].Uri; // "Zoë Quartet/Night Songs/01 Don't Stop.flac": quoting and UTF-8 too

    private static string Quoted(string uri) => uri.Replace("'", "\\'", StringComparison.Ordinal);

    private static async Task<ProxyServer> StartAsync(LibraryRooms rooms, Func<int, bool> withFileAccess)
    {
        var proxy = await ProxyServer.StartAsync(new ProxyOptions
        {
            Listen = new IPEndPoint(IPAddress.Loopback, 0),
            Servers = rooms.Endpoints(withFileAccess),
        });
        await proxy.WaitForInSyncAsync(rooms.Servers.Count, ProxyHarness.DefaultInSyncTimeout);
        return proxy;
    }

    [Fact]
    public async Task Adding_a_file_one_room_lacks_copies_it_there_first_and_every_queue_is_identical()
    {
        await using var rooms = await LibraryRooms.StartAsync(library, 3, i => i == 2 ? [Lacked] : []);
        await using var proxy = await StartAsync(rooms, _ => true);
        var mpc = new MpcClient(proxy.Host(), proxy.Port());
        Assert.Equal(0, (await mpc.RunAsync("add", library.Tracks[0].Uri)).ExitCode);

        var resyncsBefore = (await proxy.GetStatusAsync()).RecentResyncs.Count;
        var started = DateTime.UtcNow;
        var add = await mpc.RunAsync("add", Lacked);
        output.WriteLine($"mpc add answered in {(DateTime.UtcNow - started).TotalMilliseconds:0} ms: {add.ExitCode} {add.StandardError}");
        Assert.Equal(0, add.ExitCode);

        await ClusterAssert.AllLikeEventuallyAsync(rooms[0], rooms.Servers, attempts: 50, delay: TimeSpan.FromMilliseconds(200));
        Assert.Equal([library.Tracks[0].Uri, Lacked], (await ServerSnapshot.CaptureAsync(rooms[2])).Queue);
        Assert.True(File.Exists(Path.Combine(rooms.MusicDirectory(2), Lacked)));
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(rooms.MusicDirectory(0), Lacked)),
            await File.ReadAllBytesAsync(Path.Combine(rooms.MusicDirectory(2), Lacked)));
        var status = await proxy.GetStatusAsync();
        Assert.All(status.Servers, s => Assert.Equal(ServerState.InSync, s.State));
        // Copied before the add, not repaired after it: no room diverged.
        Assert.Equal(resyncsBefore, status.RecentResyncs.Count);
    }

    [Fact]
    public async Task Adding_a_file_a_room_without_file_access_lacks_is_refused_naming_the_file_and_the_room_and_no_room_changes()
    {
        await using var rooms = await LibraryRooms.StartAsync(library, 3, i => i == 2 ? [Lacked] : []);
        await using var proxy = await StartAsync(rooms, i => i != 2);
        await proxy.SendAsync($"add \"{library.Tracks[0].Uri}\"\n");

        var reply = await proxy.SendAsync($"add \"{Quoted(Lacked)}\"\n");
        output.WriteLine(reply);
        Assert.StartsWith("ACK [50@0] {add} ", reply, StringComparison.Ordinal);
        Assert.Contains(Lacked, reply, StringComparison.Ordinal);
        Assert.Contains("room3", reply, StringComparison.Ordinal);
        Assert.Contains("no file access", reply, StringComparison.Ordinal);
        var mpc = await new MpcClient(proxy.Host(), proxy.Port()).RunAsync("add", Lacked);
        Assert.NotEqual(0, mpc.ExitCode);
        Assert.Contains("is missing in room3", mpc.StandardError, StringComparison.Ordinal);

        // A directory add with the same file in it: refused as a whole, per file.
        var directory = Lacked[..Lacked.LastIndexOf('/')];
        Assert.StartsWith("ACK [50@0] {add} ", await proxy.SendAsync($"add \"{directory}\"\n"), StringComparison.Ordinal);

        foreach (var room in rooms.Servers)
            Assert.Equal([library.Tracks[0].Uri], (await ServerSnapshot.CaptureAsync(room)).Queue);
        var status = await proxy.GetStatusAsync();
        Assert.All(status.Servers, s => Assert.Equal(ServerState.InSync, s.State));
        // Later commands still run.
        Assert.Equal("OK\n", await proxy.SendAsync($"add \"{library.Tracks[1].Uri}\"\n"));
    }

    [Fact]
    public async Task Findadd_by_tag_copies_the_songs_a_room_lacks_so_every_room_adds_the_same()
    {
        await using var rooms = await LibraryRooms.StartAsync(library, 3, i => i == 1 ? [Lacked] : []);
        await using var proxy = await StartAsync(rooms, _ => true);
        var artist = library.Tracks[3].Artist;
        Assert.Equal("OK\n", await proxy.SendAsync($"findadd \"(Artist == \\\"{artist}\\\")\"\n"));

        var expected = library.Tracks.Where(t => t.Artist == artist).Select(t => t.Uri).ToList();
        foreach (var room in rooms.Servers)
            Assert.Equal(expected.Order(StringComparer.Ordinal), (await ServerSnapshot.CaptureAsync(room)).Queue.Order(StringComparer.Ordinal));
        await ClusterAssert.AllLikeAsync(rooms[0], rooms.Servers);
    }

    [Fact]
    public async Task Loading_a_stored_playlist_with_a_song_one_room_lacks_copies_it_first_so_every_queue_is_identical()
    {
        await using var rooms = await LibraryRooms.StartAsync(library, 3, _ => []);
        await using var proxy = await StartAsync(rooms, _ => true);
        Assert.DoesNotContain("ACK", await proxy.SendAsync($"playlistadd mix \"{library.Tracks[0].Uri}\"\nplaylistadd mix \"{Quoted(Lacked)}\"\n"),
            StringComparison.Ordinal);
        // room3 loses the song behind the proxy's back: its MPD would load the playlist without it, silently.
        File.Delete(Path.Combine(rooms.MusicDirectory(2), Lacked));
        Assert.Contains("updating_db", await rooms[2].SendAsync("update"), StringComparison.Ordinal);
        Assert.True(await ProxyHarness.EventuallyAsync(async () => !(await rooms[2].SendAsync($"lsinfo \"{Quoted(Lacked)}\"")).Contains("file:", StringComparison.Ordinal),
            TimeSpan.FromSeconds(5)));

        Assert.Equal("OK\n", await proxy.SendAsync("load mix\n"));
        foreach (var room in rooms.Servers)
            Assert.Equal([library.Tracks[0].Uri, Lacked], (await ServerSnapshot.CaptureAsync(room)).Queue);
        Assert.True(File.Exists(Path.Combine(rooms.MusicDirectory(2), Lacked)));
    }

    [Fact]
    public async Task A_room_that_returns_lacking_a_queued_song_gets_it_copied_and_rejoins()
    {
        await using var rooms = await LibraryRooms.StartAsync(library, 3, i => i == 2 ? [Lacked] : []);
        await using var proxy = await StartAsync(rooms, _ => true);
        await rooms[2].StopAsync();
        await proxy.WaitForStateAsync("room3", ServerState.Down);
        Assert.DoesNotContain("ACK", await proxy.SendAsync($"add \"{Quoted(Lacked)}\"\nadd \"{library.Tracks[0].Uri}\"\nplay 0\n"), StringComparison.Ordinal);

        await rooms[2].RestartAsync();
        await proxy.WaitForStateAsync("room3", ServerState.InSync, TimeSpan.FromSeconds(15));
        Assert.True(File.Exists(Path.Combine(rooms.MusicDirectory(2), Lacked)));
        Assert.Equal([Lacked, library.Tracks[0].Uri], (await ServerSnapshot.CaptureAsync(rooms[2])).Queue);
        await ClusterAssert.AllLikeEventuallyAsync(rooms[0], rooms.Servers, attempts: 20, delay: TimeSpan.FromMilliseconds(200));
        Assert.Null((await proxy.GetStatusAsync()).Servers.Single(s => s.Name == "room3").RepairBlockedReason);
    }

    [Fact]
    public async Task A_resync_blocked_by_a_missing_file_stops_says_why_and_completes_once_the_file_appears()
    {
        await using var rooms = await LibraryRooms.StartAsync(library, 3, i => i == 2 ? [Lacked] : []);
        // room3 is reached through a forwarder that counts connections: a repair that looped would keep opening them.
        await using var forwarder = new CountingForwarder(rooms[2].Host, rooms[2].Port);
        var endpoints = rooms.Endpoints(i => i != 2).Select(e => e.Name == "room3" ? e with { Port = forwarder.Port } : e).ToList();
        await using var proxy = await ProxyServer.StartAsync(new ProxyOptions { Listen = new IPEndPoint(IPAddress.Loopback, 0), Servers = endpoints });
        await proxy.WaitForInSyncAsync(3, ProxyHarness.DefaultInSyncTimeout);
        await rooms[2].StopAsync();
        await proxy.WaitForStateAsync("room3", ServerState.Down);
        // Only the rooms that have it are in sync: the add runs there as it is.
        Assert.DoesNotContain("ACK", await proxy.SendAsync($"add \"{library.Tracks[0].Uri}\"\nadd \"{Quoted(Lacked)}\"\n"), StringComparison.Ordinal);

        await rooms[2].RestartAsync();
        string? reason = null;
        Assert.True(await ProxyHarness.EventuallyAsync(async () =>
        {
            reason = (await proxy.GetStatusAsync()).Servers.Single(s => s.Name == "room3").RepairBlockedReason;
            return reason is not null;
        }, TimeSpan.FromSeconds(10)), "the resync never said why it stopped");
        output.WriteLine($"blocked: {reason}");
        Assert.Contains(Lacked, reason, StringComparison.Ordinal);
        Assert.Contains("no file access", reason, StringComparison.Ordinal);

        // Stopped, not looping: while nothing changes, the proxy opens no new connection to the room (a retry every
        // second would open one per file check) and the room stays out of the broadcasts.
        var connections = forwarder.Accepted;
        await Task.Delay(3000);
        Assert.Equal(connections, forwarder.Accepted);
        Assert.Equal(ServerState.Syncing, (await proxy.GetStatusAsync()).Servers.Single(s => s.Name == "room3").State);

        // The file appears (copied by hand) and the room's MPD updates: its database event lets the resync finish.
        var target = Path.Combine(rooms.MusicDirectory(2), Lacked);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Copy(Path.Combine(rooms.MusicDirectory(0), Lacked), target);
        Assert.Contains("updating_db", await rooms[2].SendAsync("update"), StringComparison.Ordinal);
        await proxy.WaitForStateAsync("room3", ServerState.InSync, TimeSpan.FromSeconds(15));
        await ClusterAssert.AllLikeAsync(rooms[0], rooms.Servers);
        Assert.Null((await proxy.GetStatusAsync()).Servers.Single(s => s.Name == "room3").RepairBlockedReason);
    }
}

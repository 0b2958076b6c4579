using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Prosync.Actors.Tests.Dashboard;
using Prosync.Actors.Tests.TestKit;
using Prosync.Host.Lab;
using Xunit.Abstractions;
using static Prosync.Actors.Tests.TestKit.LibraryFacts;

namespace Prosync.Actors.Tests.Integration;

/// <summary>
/// The library is the house's, not each group's: real MPD rooms, each serving a directory of its own, in two groups
/// (MPD partitions). Group b's rooms lack songs only group default's room has: the API lists them as missing, a
/// sync copies them, and an <c>add</c> in group b copies first and succeeds in every room of b.
/// </summary>
[Collection(RealMpdCollection.Name)]
public sealed class HouseLibraryTests(MusicFixture library, ITestOutputHelper output)
{
    private string Added => library.Tracks[3].Uri;   // quoting and UTF-8 too
    private string Synced => library.Tracks[5].Uri;

    private static JsonElement Room(JsonElement view, string name) =>
        view.GetProperty("rooms").EnumerateArray().Single(r => r.GetProperty("name").GetString() == name);

    private static string?[] Missing(JsonElement view, string name) =>
        [.. Room(view, name).GetProperty("missing").EnumerateArray().Select(p => p.GetString())];

    private static async Task<int> CopySamplesAsync(DashboardHost host, string room) =>
        (await host.Http.GetFromJsonAsync<JsonElement>("api/library/measurements")).EnumerateArray()
            .Where(m => m.GetProperty("replica").GetString() == room).Select(m => m.GetProperty("copySamples").GetInt32()).SingleOrDefault();

    [Fact]
    public async Task Songs_only_another_group_has_are_missing_are_synced_and_are_copied_before_an_add_in_the_group()
    {
        await using var rooms = await LibraryRooms.StartAsync(library, 3, i => i == 0 ? [] : [Added, Synced]);
        await using var host = await DashboardHost.StartAsync(rooms.Endpoints(_ => true));
        var moved = DateTimeOffset.UtcNow;
        var layout = await host.Proxy.SendAsync("newpartition b\npartition b\nmoveoutput room2\nmoveoutput room3\n");
        Assert.DoesNotContain("ACK", layout);

        // Listed again by group b (its own connections), and still judged against room1 of the default group.
        JsonElement view = default;
        Assert.True(await ProxyHarness.EventuallyAsync(async () =>
        {
            view = await host.Http.GetFromJsonAsync<JsonElement>("api/library");
            return new[] { "room2", "room3" }.All(r => Room(view, r).GetProperty("lastCheck").GetDateTimeOffset() > moved);
        }, TimeSpan.FromSeconds(15)), "group b never listed its rooms");
        output.WriteLine(view.ToString());
        string[] lacked = [.. new[] { Added, Synced }.Order(StringComparer.Ordinal)];
        Assert.Equal(lacked, Missing(view, "room2"));
        Assert.Equal(lacked, Missing(view, "room3"));
        Assert.Empty(Missing(view, "room1"));

        // An add in group b: copied from room1 (the only holder, in another group) to both rooms of b first.
        var copiesBefore = await CopySamplesAsync(host, "room1");
        var add = await host.Proxy.SendAsync($"partition b\nadd \"{Added.Replace("'", "\\'", StringComparison.Ordinal)}\"\n");
        output.WriteLine(add);
        Assert.DoesNotContain("ACK", add);
        foreach (var room in new[] { rooms[1], rooms[2] })
        {
            Assert.Equal([Added], (await ServerSnapshot.CaptureAsync(room)).Queue);
            Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(rooms.MusicDirectory(0), Added)),
                await File.ReadAllBytesAsync(Path.Combine(rooms.MusicDirectory(room == rooms[1] ? 1 : 2), Added)));
        }
        Assert.Empty((await ServerSnapshot.CaptureAsync(rooms[0])).Queue);
        // Those copies (two songs of over 256 KiB) taught the chooser: room1's measurement took them as samples.
        var copiesAfter = await CopySamplesAsync(host, "room1");
        output.WriteLine($"room1's copy samples: {copiesBefore} → {copiesAfter}");
        Assert.Equal(copiesBefore + 2, copiesAfter);

        // A sync of room3 takes the other song from room1 too.
        using var sync = await host.Http.PostAsync("api/library/rooms/room3/sync", null);
        var synced = await sync.Content.ReadFromJsonAsync<JsonElement>();
        output.WriteLine(synced.ToString());
        Assert.Equal(HttpStatusCode.OK, sync.StatusCode);
        Assert.Equal([Synced], synced.GetProperty("copied").EnumerateArray().Select(p => p.GetString()));
        Assert.True(await InDatabaseAsync(rooms[2], Synced));
        Assert.True(await ProxyHarness.EventuallyAsync(async () =>
        {
            view = await host.Http.GetFromJsonAsync<JsonElement>("api/library");
            return Missing(view, "room3").Length == 0 && Missing(view, "room2").SequenceEqual([Synced]);
        }, TimeSpan.FromSeconds(10)), $"missing after the sync: {view}");
    }

    [Fact]
    public async Task A_room_joining_a_group_whose_queue_has_a_song_it_lacks_is_repaired_from_another_groups_room()
    {
        // room2 (group b) has the song but no file access; room1 (default group) has it with file access; room3 lacks it.
        await using var rooms = await LibraryRooms.StartAsync(library, 3, i => i == 2 ? [Added] : []);
        await using var host = await DashboardHost.StartAsync(rooms.Endpoints(i => i != 1));
        Assert.DoesNotContain("ACK", await host.Proxy.SendAsync("newpartition b\npartition b\nmoveoutput room2\n"));
        Assert.DoesNotContain("ACK", await host.Proxy.SendAsync($"partition b\nadd \"{Added.Replace("'", "\\'", StringComparison.Ordinal)}\"\n"));

        // room3 joins b: its resync replays b's queue, its MPD refuses the song it lacks, and the repair copies it from room1.
        Assert.DoesNotContain("ACK", await host.Proxy.SendAsync("partition b\nmoveoutput room3\n"));
        Assert.True(await ProxyHarness.EventuallyAsync(async () => (await ServerSnapshot.CaptureAsync(rooms[2])).Queue.SequenceEqual([Added]),
            TimeSpan.FromSeconds(15)), "room3 never got b's queue");
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(rooms.MusicDirectory(0), Added)),
            await File.ReadAllBytesAsync(Path.Combine(rooms.MusicDirectory(2), Added)));
        var room3 = (await host.Proxy.GetStatusAsync()).Servers.Single(s => s.Name == "room3");
        output.WriteLine($"room3: {room3.State}, blocked: {room3.RepairBlockedReason}");
        Assert.Null(room3.RepairBlockedReason);
    }

    [Fact]
    public async Task Loading_a_stored_playlist_in_a_group_copies_first_a_song_of_it_only_another_groups_room_has()
    {
        await using var rooms = await LibraryRooms.StartAsync(library, 2, _ => []);
        await using var host = await DashboardHost.StartAsync(rooms.Endpoints(_ => true));
        var quoted = Added.Replace("'", "\\'", StringComparison.Ordinal);
        Assert.DoesNotContain("ACK", await host.Proxy.SendAsync("newpartition b\npartition b\nmoveoutput room2\n"));
        Assert.DoesNotContain("ACK", await host.Proxy.SendAsync($"partition b\nadd \"{quoted}\"\nsave p\nclear\n"));
        // room2 loses the song: its playlist still names it, only room1 (default group) has it now.
        File.Delete(Path.Combine(rooms.MusicDirectory(1), Added));
        await rooms[1].SendAsync("update");
        Assert.True(await ProxyHarness.EventuallyAsync(async () => !await InDatabaseAsync(rooms[1], Added), TimeSpan.FromSeconds(10)));

        var load = await host.Proxy.SendAsync("partition b\nload p\n");
        output.WriteLine(load);
        Assert.DoesNotContain("ACK", load);
        Assert.Equal([Added], (await ServerSnapshot.CaptureAsync(rooms[1])).Queue);
        Assert.True(File.Exists(Path.Combine(rooms.MusicDirectory(1), Added)));
        Assert.Empty((await ServerSnapshot.CaptureAsync(rooms[0])).Queue);
    }
}

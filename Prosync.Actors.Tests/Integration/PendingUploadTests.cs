using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Prosync.Actors.Servers;
using Prosync.Actors.Tests.Dashboard;
using Prosync.Actors.Tests.TestKit;
using Prosync.Host.Lab;
using Xunit.Abstractions;
using static Prosync.Actors.Tests.TestKit.LibraryFacts;

namespace Prosync.Actors.Tests.Integration;

/// <summary>
/// An upload a room missed (it was down), kept next to the state file: real MPD rooms and the production composition. It
/// outlives a restart of the proxy (a first proxy takes the upload and stops, a second one on the same state delivers it
/// when the room is back, <c>GET /api/library/uploads</c> following that room from waiting to done), and a move of the
/// room to another group.
/// </summary>
[Collection(RealMpdCollection.Name)]
public sealed class PendingUploadTests(MusicFixture library, ITestOutputHelper output)
{
    private const string Uploaded = "Uploads/Kept/After Restart.flac";

    /// <summary>The room's state and bytes in the upload of <see cref="Uploaded"/>, as <c>GET /api/library/uploads</c> lists it (null: not listed).</summary>
    private static async Task<(string State, long Bytes, string? Sha256)?> UploadStateAsync(DashboardHost host, string room)
    {
        var upload = (await host.Http.GetFromJsonAsync<JsonElement>("api/library/uploads")).GetProperty("uploads").EnumerateArray()
            .SingleOrDefault(u => u.GetProperty("path").GetString() == Uploaded);
        if (upload.ValueKind == JsonValueKind.Undefined) return null;
        foreach (var r in upload.GetProperty("rooms").EnumerateArray())
            if (r.GetProperty("name").GetString() == room)
                return (r.GetProperty("state").GetString()!, r.GetProperty("bytesCopied").GetInt64(), r.GetProperty("sha256").GetString());
        return null;
    }

    private static async Task<IReadOnlyList<string>> PendingUploadsAsync(DashboardHost host, string room) =>
        [.. (await host.Http.GetFromJsonAsync<JsonElement>("api/library")).GetProperty("rooms").EnumerateArray()
            .Single(r => r.GetProperty("name").GetString() == room).GetProperty("pendingUploads").EnumerateArray().Select(p => p.GetString()!)];

    [Fact]
    public async Task A_room_down_during_an_upload_gets_it_from_a_new_proxy_on_the_same_state_when_it_comes_back()
    {
        var state = Directory.CreateTempSubdirectory("prosync-state-");
        try
        {
            var stateFile = Path.Combine(state.FullName, "rooms.json");
            var kept = Path.Combine(state.FullName, "rooms.uploads");
            await using var rooms = await LibraryRooms.StartAsync(library, 2, _ => []);
            var endpoints = rooms.Endpoints(_ => true);
            var data = await File.ReadAllBytesAsync(Path.Combine(library.RootDirectory, library.Tracks[2].Uri));

            await using (var first = await DashboardHost.StartAsync(endpoints, stateFile: stateFile))
            {
                await rooms[1].StopAsync();
                await first.Proxy.WaitForStateAsync("room2", ServerState.Down);
                using var response = await first.Http.PostAsync("api/library/files?path=" + Uri.EscapeDataString(Uploaded), new ByteArrayContent(data));
                var result = await response.Content.ReadFromJsonAsync<JsonElement>();
                output.WriteLine(result.ToString());
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                JsonElement Room(string name) => result.GetProperty("rooms").EnumerateArray().Single(r => r.GetProperty("name").GetString() == name);
                Assert.True(Room("room1").GetProperty("ok").GetBoolean());
                Assert.True(Room("room2").GetProperty("pending").GetBoolean());
            }

            // The first proxy is gone: what room2 waits for is on disk, the file with it.
            var list = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(kept, "pending.json"))).RootElement;
            output.WriteLine(list.ToString());
            var entry = list.GetProperty("Uploads").EnumerateArray().Single();
            Assert.Equal(Uploaded, entry.GetProperty("Path").GetString());
            Assert.Equal(["room2"], entry.GetProperty("Rooms").EnumerateArray().Select(r => r.GetString()));
            Assert.Equal(Sha(data), Sha(await File.ReadAllBytesAsync(Path.Combine(kept, entry.GetProperty("File").GetString()!))));

            await using var second = await DashboardHost.StartAsync(endpoints, stateFile: stateFile, inSync: 1);
            Assert.Equal([Uploaded], await PendingUploadsAsync(second, "room2"));
            Assert.Equal("waiting-for-room", (await UploadStateAsync(second, "room2"))?.State);

            await rooms[1].RestartAsync();
            Assert.True(await ProxyHarness.EventuallyAsync(() => InDatabaseAsync(rooms[1], Uploaded), TimeSpan.FromSeconds(15)),
                "room2 never got the upload after it came back");
            Assert.Equal(Sha(data), Sha(await File.ReadAllBytesAsync(Path.Combine(rooms.MusicDirectory(1), Uploaded))));
            Assert.True(await ProxyHarness.EventuallyAsync(async () => (await UploadStateAsync(second, "room2"))?.State == "done", TimeSpan.FromSeconds(5)));
            var done = (await UploadStateAsync(second, "room2"))!.Value;
            Assert.Equal((data.Length, Sha(data)), (done.Bytes, done.Sha256));
            Assert.Empty(await PendingUploadsAsync(second, "room2"));

            // Every room that waited has it: the staged file goes, and the list names nothing.
            Assert.True(await ProxyHarness.EventuallyAsync(() => Task.FromResult(Directory.EnumerateFiles(kept).Select(Path.GetFileName)
                .SequenceEqual(["pending.json"])), TimeSpan.FromSeconds(5)), string.Join(", ", Directory.EnumerateFiles(kept)));
            Assert.Empty(JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(kept, "pending.json"))).RootElement
                .GetProperty("Uploads").EnumerateArray());
        }
        finally
        {
            state.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_room_moved_to_another_group_while_it_waits_gets_the_upload_there_when_it_comes_back()
    {
        var state = Directory.CreateTempSubdirectory("prosync-state-");
        try
        {
            var kept = Path.Combine(state.FullName, "rooms.uploads");
            await using var rooms = await LibraryRooms.StartAsync(library, 2, _ => []);
            await using var host = await DashboardHost.StartAsync(rooms.Endpoints(_ => true), stateFile: Path.Combine(state.FullName, "rooms.json"));
            var data = await File.ReadAllBytesAsync(Path.Combine(library.RootDirectory, library.Tracks[2].Uri));
            await rooms[1].StopAsync();
            await host.Proxy.WaitForStateAsync("room2", ServerState.Down);
            using (var response = await host.Http.PostAsync("api/library/files?path=" + Uri.EscapeDataString(Uploaded), new ByteArrayContent(data)))
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);

            using (var created = await host.Http.PostAsJsonAsync("api/groups", new { name = "upstairs" }))
                Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
            using (var moved = await host.Http.PutAsJsonAsync("api/servers/room2/group", new { group = "upstairs" }))
                Assert.True(moved.IsSuccessStatusCode, await moved.Content.ReadAsStringAsync());
            Assert.True(await ProxyHarness.EventuallyAsync(async () => (await PendingUploadsAsync(host, "room2")).SequenceEqual([Uploaded]),
                TimeSpan.FromSeconds(5)), "room2 no longer waits for the upload in its new group");

            await rooms[1].RestartAsync();
            Assert.True(await ProxyHarness.EventuallyAsync(() => InDatabaseAsync(rooms[1], Uploaded), TimeSpan.FromSeconds(15)),
                "room2 never got the upload in its new group");
            Assert.Equal(Sha(data), Sha(await File.ReadAllBytesAsync(Path.Combine(rooms.MusicDirectory(1), Uploaded))));
            Assert.True(await ProxyHarness.EventuallyAsync(() => Task.FromResult(Directory.EnumerateFiles(kept).Select(Path.GetFileName)
                .SequenceEqual(["pending.json"])), TimeSpan.FromSeconds(5)), string.Join(", ", Directory.EnumerateFiles(kept)));
        }
        finally
        {
            state.Delete(recursive: true);
        }
    }
}

using System.Diagnostics;
using System.Globalization;
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
/// The library over HTTP, against the production composition and real MPD rooms that each serve a directory of their
/// own: uploads to every room (checksums, databases), a room down during an upload, the registry's listing and a
/// room brought up to date, and the <c>upload</c> verb as a real process.
/// </summary>
[Collection(RealMpdCollection.Name)]
public sealed class LibraryApiTests(MusicFixture library, ITestOutputHelper output)
{
    private const string Uploaded = "Uploads/Deeper/New Tone ë.flac";   // two new directories: MPD 0.23 ignores "update FILE" there

    private byte[] SongBytes => File.ReadAllBytes(Path.Combine(library.RootDirectory, library.Tracks[1].Uri));

    /// <summary>The room's state in the one upload <c>GET /api/library/uploads</c> lists.</summary>
    private static async Task<string?> UploadStateAsync(DashboardHost host, string room) =>
        (await host.Http.GetFromJsonAsync<JsonElement>("api/library/uploads")).GetProperty("uploads").EnumerateArray().Single()
            .GetProperty("rooms").EnumerateArray().Single(r => r.GetProperty("name").GetString() == room).GetProperty("state").GetString();

    private static Task<HttpResponseMessage> UploadAsync(HttpClient http, string path, byte[] data) =>
        http.PostAsync("api/library/files?path=" + Uri.EscapeDataString(path), new ByteArrayContent(data));

    [Fact]
    public async Task An_upload_reaches_every_room_with_equal_checksums_and_every_database_has_it_when_it_returns()
    {
        await using var rooms = await LibraryRooms.StartAsync(library, 3, _ => []);
        await using var host = await DashboardHost.StartAsync(rooms.Endpoints(_ => true));
        var data = SongBytes;

        var clock = Stopwatch.StartNew();
        using var response = await UploadAsync(host.Http, Uploaded, data);
        output.WriteLine($"upload of {data.Length} bytes to 3 rooms: {clock.ElapsedMilliseconds} ms");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        output.WriteLine(result.ToString());
        Assert.Equal(Sha(data), result.GetProperty("sha256").GetString());
        Assert.True(result.GetProperty("complete").GetBoolean());
        Assert.Equal(3, result.GetProperty("rooms").EnumerateArray().Count(r => r.GetProperty("ok").GetBoolean()));
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(Sha(data), Sha(await File.ReadAllBytesAsync(Path.Combine(rooms.MusicDirectory(i), Uploaded))));
            Assert.True(await InDatabaseAsync(rooms[i], Uploaded), $"room{i + 1}'s database lacks the upload");
        }
        Assert.Empty(Directory.EnumerateFiles(rooms.MusicDirectory(0), "*.prosync-part", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task The_uploads_endpoint_shows_each_rooms_state_while_an_upload_runs_and_done_with_the_checksum_after()
    {
        await using var rooms = await LibraryRooms.StartAsync(library, 3, _ => []);
        await using var host = await DashboardHost.StartAsync(rooms.Endpoints(i => i != 2));
        var data = SongBytes;

        Assert.Empty((await host.Http.GetFromJsonAsync<JsonElement>("api/library/uploads")).GetProperty("uploads").EnumerateArray());
        var seen = new List<string>();
        var upload = UploadAsync(host.Http, Uploaded, data);
        while (!upload.IsCompleted)
        {
            // room → state, per poll, while the upload runs
            foreach (var u in (await host.Http.GetFromJsonAsync<JsonElement>("api/library/uploads")).GetProperty("uploads").EnumerateArray())
                seen.AddRange(u.GetProperty("rooms").EnumerateArray().Select(r =>
                    $"{r.GetProperty("name").GetString()}:{r.GetProperty("state").GetString()}:{r.GetProperty("bytesCopied").GetInt64()}"));
            await Task.Delay(5);
        }
        using var response = await upload;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        output.WriteLine(string.Join("\n", seen.Distinct()));
        // What the polls caught depends on this machine's speed (a loaded box may see only the end; the room-down tests
        // see a state held for seconds), but whatever was seen moves forward only: queued, copying (bytes never
        // shrinking), updating the database, then done or failed.
        string[] order = ["queued", "copying", "updating-database", "done", "failed"];
        foreach (var room in seen.GroupBy(s => s.Split(':')[0]))
        {
            var states = room.Select(s => s.Split(':')).Select(p => (Rank: Array.IndexOf(order, p[1]), Bytes: long.Parse(p[2], CultureInfo.InvariantCulture))).ToList();
            Assert.All(states, s => Assert.True(s.Rank >= 0, $"{room.Key}: unknown state in {string.Join(", ", room)}"));
            Assert.True(states.Zip(states.Skip(1)).All(p => p.Second.Rank >= p.First.Rank && p.Second.Bytes >= p.First.Bytes),
                $"{room.Key} went backwards: {string.Join(", ", room)}");
        }

        var after = (await host.Http.GetFromJsonAsync<JsonElement>("api/library/uploads")).GetProperty("uploads").EnumerateArray().Single();
        output.WriteLine(after.ToString());
        Assert.Equal(Uploaded, after.GetProperty("path").GetString());
        Assert.NotEqual(JsonValueKind.Null, after.GetProperty("finishedAt").ValueKind);
        JsonElement Room(string name) => after.GetProperty("rooms").EnumerateArray().Single(r => r.GetProperty("name").GetString() == name);
        foreach (var name in new[] { "room1", "room2" })
        {
            Assert.Equal("done", Room(name).GetProperty("state").GetString());
            Assert.Equal(data.Length, Room(name).GetProperty("bytesCopied").GetInt64());
            Assert.Equal(Sha(data), Room(name).GetProperty("sha256").GetString());
        }
        Assert.Equal("failed", Room("room3").GetProperty("state").GetString());
        Assert.Equal("no file access", Room("room3").GetProperty("error").GetString());
    }

    [Theory]
    [InlineData("../escape.flac")]
    [InlineData("/etc/x.flac")]
    [InlineData("")]
    public async Task An_upload_to_a_path_outside_the_library_is_refused_with_400(string path)
    {
        await using var rooms = await LibraryRooms.StartAsync(library, 1, _ => []);
        await using var host = await DashboardHost.StartAsync(rooms.Endpoints(_ => true));
        using var response = await UploadAsync(host.Http, path, [1, 2, 3]);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("path", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_room_down_during_an_upload_is_pending_and_gets_the_file_when_it_comes_back()
    {
        await using var rooms = await LibraryRooms.StartAsync(library, 3, _ => []);
        await using var host = await DashboardHost.StartAsync(rooms.Endpoints(_ => true));
        await rooms[2].StopAsync();
        await host.Proxy.WaitForStateAsync("room3", ServerState.Down);

        using var response = await UploadAsync(host.Http, Uploaded, SongBytes);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        output.WriteLine(result.ToString());
        var room3 = result.GetProperty("rooms").EnumerateArray().Single(r => r.GetProperty("name").GetString() == "room3");
        Assert.False(room3.GetProperty("ok").GetBoolean());
        Assert.True(room3.GetProperty("pending").GetBoolean());
        Assert.False(result.GetProperty("complete").GetBoolean());
        var libraryView = await host.Http.GetFromJsonAsync<JsonElement>("api/library");
        Assert.Equal([Uploaded], libraryView.GetProperty("rooms").EnumerateArray().Single(r => r.GetProperty("name").GetString() == "room3")
            .GetProperty("pendingUploads").EnumerateArray().Select(p => p.GetString()));

        Assert.Equal("waiting-for-room", await UploadStateAsync(host, "room3"));

        await rooms[2].RestartAsync();
        Assert.True(await ProxyHarness.EventuallyAsync(() => InDatabaseAsync(rooms[2], Uploaded), TimeSpan.FromSeconds(15)),
            "room3 never got the upload after it came back");
        Assert.True(await ProxyHarness.EventuallyAsync(async () => await UploadStateAsync(host, "room3") == "done", TimeSpan.FromSeconds(5)));
        Assert.Equal(Sha(SongBytes), Sha(await File.ReadAllBytesAsync(Path.Combine(rooms.MusicDirectory(2), Uploaded))));
        Assert.True(await ProxyHarness.EventuallyAsync(async () =>
            (await host.Http.GetFromJsonAsync<JsonElement>("api/library")).GetProperty("rooms").EnumerateArray()
                .All(r => r.GetProperty("pendingUploads").GetArrayLength() == 0), TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task The_registry_lists_what_a_room_misses_and_a_sync_copies_it_there()
    {
        var lacked = library.Tracks[3].Uri;
        await using var rooms = await LibraryRooms.StartAsync(library, 2, i => i == 1 ? [lacked] : []);
        await using var host = await DashboardHost.StartAsync(rooms.Endpoints(_ => true));

        JsonElement Room(JsonElement view, string name) => view.GetProperty("rooms").EnumerateArray().Single(r => r.GetProperty("name").GetString() == name);
        JsonElement view = default;
        Assert.True(await ProxyHarness.EventuallyAsync(async () =>
        {
            view = await host.Http.GetFromJsonAsync<JsonElement>("api/library");
            return view.GetProperty("rooms").EnumerateArray().All(r => r.GetProperty("lastCheck").ValueKind != JsonValueKind.Null);
        }, TimeSpan.FromSeconds(10)), "the rooms were never listed");
        output.WriteLine(view.ToString());
        Assert.Equal(library.Tracks.Count, Room(view, "room1").GetProperty("files").GetInt32());
        Assert.Equal(library.Tracks.Count - 1, Room(view, "room2").GetProperty("files").GetInt32());
        Assert.Equal([lacked], Room(view, "room2").GetProperty("missing").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(0, Room(view, "room1").GetProperty("missing").GetArrayLength());
        Assert.Equal(rooms.MusicDirectory(1), Room(view, "room2").GetProperty("fileAccess").GetString());

        using var sync = await host.Http.PostAsync("api/library/rooms/room2/sync", null);
        var synced = await sync.Content.ReadFromJsonAsync<JsonElement>();
        output.WriteLine(synced.ToString());
        Assert.Equal(HttpStatusCode.OK, sync.StatusCode);
        Assert.Equal([lacked], synced.GetProperty("copied").EnumerateArray().Select(p => p.GetString()));
        Assert.True(await InDatabaseAsync(rooms[1], lacked));
        Assert.True(await ProxyHarness.EventuallyAsync(async () =>
            Room(await host.Http.GetFromJsonAsync<JsonElement>("api/library"), "room2").GetProperty("missing").GetArrayLength() == 0,
            TimeSpan.FromSeconds(10)));
        using var unknown = await host.Http.PostAsync("api/library/rooms/nowhere/sync", null);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task The_upload_verb_run_as_a_process_sends_a_file_to_every_room_with_a_progress_bar()
    {
        await using var rooms = await LibraryRooms.StartAsync(library, 3, _ => []);
        await using var host = await DashboardHost.StartAsync(rooms.Endpoints(_ => true));
        var file = Path.Combine(Path.GetTempPath(), $"prosync-upload-{Guid.NewGuid():N}.flac");
        await File.WriteAllBytesAsync(file, SongBytes);
        try
        {
            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                ArgumentList = { Path.Combine(AppContext.BaseDirectory, "Prosync.Host.dll"), "upload", file, "--dir", "From CLI",
                    "--proxy", $"{host.Url.Host}:{host.Url.Port}" },
            };
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(timeout.Token);
            output.WriteLine(await stdout);
            output.WriteLine(await stderr);
            Assert.Equal(0, process.ExitCode);
            Assert.Contains("[##############################]", await stderr, StringComparison.Ordinal);
            var path = "From CLI/" + Path.GetFileName(file);
            Assert.Equal(3, (await stdout).Split('\n').Count(l => l.StartsWith(path + "\t", StringComparison.Ordinal) && l.Contains("\tok ", StringComparison.Ordinal)));
            for (var i = 0; i < 3; i++) Assert.True(await InDatabaseAsync(rooms[i], path));
        }
        finally
        {
            File.Delete(file);
        }
    }
}

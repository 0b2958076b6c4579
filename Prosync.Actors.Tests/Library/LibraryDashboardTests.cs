using System.Net.Http.Json;
using System.Text.Json;
using Prosync.Actors.Servers;
using Prosync.Actors.Tests.Dashboard;
using Prosync.Actors.Tests.Integration;
using Prosync.Actors.Tests.TestKit;
using Xunit.Abstractions;

namespace Prosync.Actors.Tests.Library;

/// <summary>
/// The Library panel as a person uses it, in headless Chromium (Dashboard/browser/library.mjs): it shows the song a
/// room lacks, its "Bring up to date" button copies it there, a file dropped on the page reaches every room, and one
/// dropped while a room is down shows that room "when back" until it is back and has it (its bar followed to the end).
/// Checked afterwards on the real MPD servers.
/// </summary>
[Collection(RealMpdCollection.Name)]
public sealed class LibraryDashboardTests(MusicFixture library, ITestOutputHelper output)
{
    [Fact]
    public async Task The_library_panel_brings_a_room_up_to_date_and_uploads_a_dropped_file_to_every_room()
    {
        if (!BrowserScript.IsAvailable(output)) return;
        var lacked = library.Tracks[2].Uri;
        await using var rooms = await LibraryRooms.StartAsync(library, 2, i => i == 1 ? [lacked] : []);
        await using var host = await DashboardHost.StartAsync(rooms.Endpoints(_ => true));
        const string dropped = "dropped tone.flac", whenBack = "dropped while down.flac";
        var signals = Directory.CreateTempSubdirectory("prosync-library-browser-");
        try
        {
            var script = BrowserScript.RunAsync("library.mjs", ["--url", host.Url.ToString(), "--lacking", "room2", "--rooms", "room1,room2",
                "--drop-name", dropped, "--screenshot", Path.Combine(BrowserScript.Results, "library.png"),
                "--signals", signals.FullName, "--down-room", "room2", "--down-name", whenBack], output, TimeSpan.FromSeconds(120));

            // The page has done its first part: room2 goes down, the page drops a file, room2 comes back once it waits for it.
            Assert.True(await ProxyHarness.EventuallyAsync(() => Task.FromResult(File.Exists(Path.Combine(signals.FullName, "ready")) || script.IsCompleted),
                TimeSpan.FromSeconds(90)), "the page never finished its first part");
            Assert.False(script.IsCompleted, "the script ended early");
            await rooms[1].StopAsync();
            await host.Proxy.WaitForStateAsync("room2", ServerState.Down);
            await File.WriteAllTextAsync(Path.Combine(signals.FullName, "down"), "");
            Assert.True(await ProxyHarness.EventuallyAsync(async () =>
                (await host.Http.GetFromJsonAsync<JsonElement>("api/library/uploads")).GetProperty("uploads").EnumerateArray()
                    .Any(u => u.GetProperty("path").GetString() == whenBack && u.GetProperty("rooms").EnumerateArray()
                        .Any(r => r.GetProperty("name").GetString() == "room2" && r.GetProperty("state").GetString() == "waiting-for-room")),
                TimeSpan.FromSeconds(30)), "the upload dropped while room2 was down never waited for it");
            await Task.Delay(TimeSpan.FromSeconds(1)); // the page has its answer: it now polls slowly
            await rooms[1].RestartAsync();
            Assert.Equal(0, await script);
        }
        finally
        {
            signals.Delete(recursive: true);
        }

        Assert.True(File.Exists(Path.Combine(rooms.MusicDirectory(1), lacked)));
        for (var i = 0; i < 2; i++)
        {
            Assert.Contains($"file: {dropped}\n", await rooms[i].SendAsync($"lsinfo \"{dropped}\""), StringComparison.Ordinal);
            Assert.Equal(300000, new FileInfo(Path.Combine(rooms.MusicDirectory(i), dropped)).Length);
            Assert.Contains($"file: {whenBack}\n", await rooms[i].SendAsync($"lsinfo \"{whenBack}\""), StringComparison.Ordinal);
        }
    }
}

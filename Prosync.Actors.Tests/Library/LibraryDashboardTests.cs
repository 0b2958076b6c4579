using Prosync.Actors.Tests.Dashboard;
using Prosync.Actors.Tests.Integration;
using Prosync.Actors.Tests.TestKit;
using Xunit.Abstractions;

namespace Prosync.Actors.Tests.Library;

/// <summary>
/// The Library panel as a person uses it, in headless Chromium (Dashboard/browser/library.mjs): it shows the song a
/// room lacks, its "Bring up to date" button copies it there, and a file dropped on the page reaches every room.
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
        const string dropped = "dropped tone.flac";

        Assert.Equal(0, await BrowserScript.RunAsync("library.mjs", ["--url", host.Url.ToString(), "--lacking", "room2", "--rooms", "room1,room2",
            "--drop-name", dropped, "--screenshot", Path.Combine(BrowserScript.Results, "library.png")], output, TimeSpan.FromSeconds(90)));

        Assert.True(File.Exists(Path.Combine(rooms.MusicDirectory(1), lacked)));
        for (var i = 0; i < 2; i++)
        {
            Assert.Contains($"file: {dropped}\n", await rooms[i].SendAsync($"lsinfo \"{dropped}\""), StringComparison.Ordinal);
            Assert.Equal(300000, new FileInfo(Path.Combine(rooms.MusicDirectory(i), dropped)).Length);
        }
    }
}

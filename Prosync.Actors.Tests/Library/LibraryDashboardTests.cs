using System.Diagnostics;
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
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task The_library_panel_brings_a_room_up_to_date_and_uploads_a_dropped_file_to_every_room()
    {
        if (!File.Exists(Chromium))
        {
            Assert.False(Environment.GetEnvironmentVariable("CI") == "true", $"{Chromium} is missing: apt-get install chromium");
            output.WriteLine($"{Chromium} is not installed (apt-get install chromium): nothing to drive");
            return;
        }
        var lacked = library.Tracks[2].Uri;
        await using var rooms = await LibraryRooms.StartAsync(library, 2, i => i == 1 ? [lacked] : []);
        await using var host = await DashboardHost.StartAsync(rooms.Endpoints(_ => true));
        var results = Path.Combine(RepositoryPaths.Root, "TestResults", "dashboard");
        Directory.CreateDirectory(results);
        const string dropped = "dropped tone.flac";

        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = Path.Combine(RepositoryPaths.Root, "Prosync.Actors.Tests", "Dashboard", "browser"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "library.mjs", "--url", host.Url.ToString(), "--lacking", "room2", "--rooms", "room1,room2",
            "--drop-name", dropped, "--screenshot", Path.Combine(results, "library.png"), "--chromium", Chromium })
            start.ArgumentList.Add(arg);
        using var node = Process.Start(start)!;
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await node.WaitForExitAsync(timeout.Token);
        output.WriteLine(await stdout);
        output.WriteLine(await stderr);
        Assert.Equal(0, node.ExitCode);

        Assert.True(File.Exists(Path.Combine(rooms.MusicDirectory(1), lacked)));
        for (var i = 0; i < 2; i++)
        {
            Assert.Contains($"file: {dropped}\n", await rooms[i].SendAsync($"lsinfo \"{dropped}\""), StringComparison.Ordinal);
            Assert.Equal(300000, new FileInfo(Path.Combine(rooms.MusicDirectory(i), dropped)).Length);
        }
    }
}

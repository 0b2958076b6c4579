using System.Text.Json;
using Prosync.Actors.Proxy;
using Prosync.Actors.Tests.Integration;
using Prosync.Actors.Tests.TestKit;
using Prosync.Host.Lab;
using Xunit.Abstractions;

namespace Prosync.Actors.Tests.Dashboard;

/// <summary>
/// The dashboard's rooms-and-groups controls as a person uses them, in headless Chromium (browser/groups.mjs): a group
/// made, a room moved into it, a room silenced and a room trimmed from the page. Checked afterwards on the proxy's
/// API, through MPD's own protocol and on the real MPD servers.
/// </summary>
[Collection(RealMpdCollection.Name)]
public sealed class RoomsDashboardTests(MusicFixture library, ITestOutputHelper output)
{
    [Fact]
    public async Task Rooms_are_grouped_silenced_and_trimmed_from_the_dashboard()
    {
        if (!BrowserScript.IsAvailable(output)) return;
        await using var rooms = await MpdProcessGroup.StartAsync(library, 3);
        await using var host = await DashboardHost.StartAsync(rooms.Select(r => new ServerEndpoint(r.Name, r.Host, r.Port)).ToList());
        Assert.DoesNotContain("ACK", await host.Proxy.SendAsync($"add \"{library.PlainTrack.Uri}\"\nsetvol 60\nplay 0\n"));
        Assert.Equal(0, await BrowserScript.RunAsync("groups.mjs", ["--url", host.Url.ToString(), "--group", "upstairs", "--move", "room3",
            "--silence", "room2", "--trim", "room1=0.5", "--expect-volume", "30", "--screenshot", Path.Combine(BrowserScript.Results, "groups.png")],
            output, TimeSpan.FromSeconds(90)));

        var groups = JsonDocument.Parse(await host.Http.GetStringAsync("api/groups")).RootElement;
        Assert.Equal(["default", "upstairs"], groups.EnumerateArray().Select(g => g.GetProperty("name").GetString()));
        Assert.Equal(["room3"], groups[1].GetProperty("rooms").EnumerateArray().Select(r => r.GetString()));
        // MPD clients see the same: room2's output off, room3 in another partition, and the rooms' MPDs follow.
        var outputs = await host.Proxy.SendAsync("outputs\n");
        Assert.Contains("outputname: room2\nplugin: prosync\noutputenabled: 0\n", outputs);
        Assert.Contains("outputname: room3\nplugin: dummy\noutputenabled: 0\n", outputs);
        Assert.Contains("upstairs", await host.Proxy.SendAsync("listpartitions\n"));
        Assert.True(await ProxyHarness.EventuallyAsync(async () => (await rooms[1].SendAsync("status")).Contains("state: stop\n"),
            TimeSpan.FromSeconds(10)), "room2 still plays after it was silenced");
        Assert.Contains("volume: 30\n", await rooms[0].SendAsync("status"));
        Assert.Contains("state: play\n", await rooms[0].SendAsync("status"));
    }
}

using Prosync.Actors.Tests.TestKit;
using Prosync.Host.Lab;
using static Prosync.Actors.Tests.TestKit.MpdText;
using Xunit.Abstractions;

namespace Prosync.Actors.Tests.Integration;

/// <summary>Rooms that drift off on their own are brought back in step, read directly from each MPD.</summary>
[Collection(RealMpdCollection.Name)]
public sealed class RoomAlignmentTests(MusicFixture library, ITestOutputHelper output)
{
    [Fact]
    public async Task With_random_on_the_rooms_follow_the_primary_into_its_next_song()
    {
        await using var rooms = await MpdProcessGroup.StartAsync(library, 3);
        await using var proxy = await ProxyHarness.StartProxyAsync(rooms.ToArray());
        var first = library.Tracks[0];
        Assert.DoesNotContain("ACK", await proxy.SendAsync(string.Concat(library.Tracks.Select(t => $"add \"{t.Uri}\"\n")) + "random 1\nplay 0\n"));
        // MPD answers a seek "Not seekable" until its decoder has started the song (seen once in CI): wait for every
        // room's status to carry the song's duration, which MPD reports from the decoder.
        Assert.True(await ProxyHarness.EventuallyAsync(async () =>
            (await Task.WhenAll(rooms.Select(r => r.SendAsync("status")))).All(s => s.Contains("\nduration: ", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(10)), "the rooms' decoders did not start");
        // Close to the end of the song: each MPD draws its own next song when it ends.
        Assert.Equal("OK\n", await proxy.SendAsync($"seekcur {first.DurationSeconds - 1}\n"));
        output.WriteLine($"after seekcur: {await BriefAsync(rooms)}");

        // The song's end is MPD's business (one second of playback); the proxy is judged from that moment on.
        var ended = await ProxyHarness.EventuallyAsync(async () => (await SongsAsync(rooms)).Any(s => s != "0"), TimeSpan.FromSeconds(15));
        Assert.True(ended, "no room got to the end of its song");
        string[] songs = [];
        var aligned = await ProxyHarness.EventuallyAsync(async () =>
        {
            songs = await SongsAsync(rooms);
            return songs.All(s => s == songs[0] && s != "0");
        }, TimeSpan.FromSeconds(6));
        var resyncs = (await proxy.GetStatusAsync()).RecentResyncs;
        output.WriteLine($"resyncs: {string.Join("; ", resyncs)}");
        output.WriteLine($"at the end: {await BriefAsync(rooms)}");
        Assert.True(aligned, $"the rooms did not all end up on the primary's next song: songs {string.Join(", ", songs)}");
        var spread = await PositionSpreadAsync(rooms);
        output.WriteLine($"position spread after following: {spread * 1000:0.0} ms");
        Assert.True(spread < 0.15, $"rooms are {spread * 1000:0} ms apart");
    }

    [Fact]
    public async Task A_room_moved_behind_the_proxys_back_is_realigned()
    {
        await using var rooms = await MpdProcessGroup.StartAsync(library, 2);
        await using var proxy = await ProxyHarness.StartProxyAsync(rooms.ToArray());
        await proxy.SendAsync($"add \"{library.Tracks[2].Uri}\"\nplay 0\n");
        await Task.Delay(500);
        await rooms[1].SendAsync("seekcur +3"); // someone used another client directly on that room

        var realigned = await ProxyHarness.EventuallyAsync(async () => await PositionSpreadAsync(rooms) < 0.15, TimeSpan.FromSeconds(8));
        Assert.True(realigned, "the room was never brought back in step");
        Assert.Contains((await proxy.GetStatusAsync()).RecentResyncs, r => r.Server == rooms[1].Name && r.Replayed);
    }

    /// <summary>Each room's current song position, read directly.</summary>
    private static async Task<string[]> SongsAsync(IEnumerable<MpdProcess> rooms) =>
        await Task.WhenAll(rooms.Select(async r => Value(await r.SendAsync("status"), "song")));

    /// <summary>What each room plays, for the test's output.</summary>
    private static async Task<string> BriefAsync(IEnumerable<MpdProcess> rooms) =>
        string.Join(" | ", await Task.WhenAll(rooms.Select(async r =>
        {
            var status = await r.SendAsync("status");
            return string.Join(" ", new[] { "state", "song", "elapsed", "random" }.Select(key => $"{key}: {Value(status, key)}"));
        })));

    /// <summary>The spread of the rooms' positions read at the same moment (median of five readings).</summary>
    private static async Task<double> PositionSpreadAsync(IEnumerable<MpdProcess> rooms)
    {
        var spreads = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            var reads = await Task.WhenAll(rooms.Select(r => r.SendAsync("status")));
            var elapsed = reads.Select(Elapsed).ToList();
            spreads.Add(elapsed.Max() - elapsed.Min());
            await Task.Delay(30);
        }
        return spreads.Order().ElementAt(2);
    }
}

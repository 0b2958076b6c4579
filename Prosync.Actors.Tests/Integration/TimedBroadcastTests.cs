using Prosync.Actors.Cluster;
using Prosync.Actors.Tests.TestKit;
using Prosync.Host.Lab;

namespace Prosync.Actors.Tests.Integration;

/// <summary>
/// Timed broadcasts through links of different delay (real relays): every room gets every command, in
/// both planning modes. How closely they land together is a benchmark figure (BENCHMARKS.md), not asserted here.
/// </summary>
[Collection(RealMpdCollection.Name)]
public sealed class TimedBroadcastTests(MusicFixture library)
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Timed_commands_reach_every_room_behind_links_of_different_delay(bool preSendProbe)
    {
        await using var rooms = await MpdProcessGroup.StartAsync(library, 3);
        var relays = rooms.Select((r, i) => LatencyRelay.Start(r.Host, r.Port, new LinkProfile { BaseDelayMs = 1 + 4 * i, JitterMs = 0.2 }, seed: i)).ToList();
        try
        {
            await using var proxy = await ProxyHarness.StartBehindRelaysAsync(rooms, relays, new ClusterOptions { PreSendProbe = preSendProbe });

            var lines = $"add \"{library.Tracks[2].Uri}\"\nplay 0\npause 1\nsetvol 42\nrepeat 1\nseekcur 5\n";
            Assert.DoesNotContain("ACK", await proxy.SendAsync(lines));

            foreach (var room in rooms)
            {
                var status = await room.SendAsync("status");
                Assert.Contains("state: pause", status);
                Assert.Contains("volume: 42", status);
                Assert.Contains("repeat: 1", status);
                Assert.Contains("elapsed: 5.000", status);
            }
            var broadcasts = (await proxy.GetStatusAsync()).RecentBroadcasts;
            Assert.Equal(5, broadcasts.Count); // play, pause, setvol, repeat, seekcur: each planned over all three links
            Assert.All(broadcasts, b => Assert.Equal(3, b.Servers.Count));
            Assert.All(broadcasts, b => Assert.InRange(b.PlannedSpreadMs, 3, 20)); // the links differ by 8 ms each way
        }
        finally
        {
            foreach (var relay in relays) await relay.DisposeAsync();
        }
    }
}

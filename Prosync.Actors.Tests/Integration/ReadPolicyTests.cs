using System.Text.RegularExpressions;
using Prosync.Actors.Cluster;
using Prosync.Actors.Proxy;
using Prosync.Actors.Tests.TestKit;
using Prosync.Host.Lab;

namespace Prosync.Actors.Tests.Integration;

/// <summary>
/// Which room answers a read, behind links of different delay (real relays). Each room holds a stored
/// playlist only it has (stored playlists are not replayed), so <c>listplaylists</c> through the proxy
/// names the room that answered.
/// </summary>
[Collection(RealMpdCollection.Name)]
public sealed partial class ReadPolicyTests(MusicFixture library)
{
    [Fact]
    public async Task Lowest_latency_reads_come_from_the_closest_room_but_queue_reads_from_the_primary()
    {
        await using var lab = await Lab.StartAsync(library, [12, 6, 0], ClusterOptions.Default);
        // Ids diverge: the closest room has handed out ids the primary has not.
        await lab.Rooms[2].SendAsync($"add \"{library.Tracks[0].Uri}\"\nadd \"{library.Tracks[0].Uri}\"\nclear\n");
        await lab.StartProxyAsync();

        for (var i = 0; i < 5; i++) Assert.Equal(["mark-2"], await lab.ListPlaylistsAsync());

        await lab.SendAsync($"add \"{library.Tracks[1].Uri}\"\n");
        var primaryId = MpdText.Id(await lab.Rooms[0].SendAsync("playlistinfo"));
        Assert.NotEqual(primaryId, MpdText.Id(await lab.Rooms[2].SendAsync("playlistinfo")));
        Assert.Equal(primaryId, MpdText.Id(await lab.SendAsync("playlistinfo")));
    }

    [Fact]
    public async Task Race_answers_with_the_first_reply()
    {
        await using var lab = await Lab.StartAsync(library, [25, 0], ClusterOptions.Default with { ReadPolicy = ReadPolicy.Race });
        await lab.StartProxyAsync();
        // The first reply comes from the closer room (as lowest-latency would pick); what is Race's own is below.
        for (var i = 0; i < 5; i++) Assert.Equal(["mark-1"], await lab.ListPlaylistsAsync());
        // The losing room's late reply is dropped, never handed to the next read.
        var replies = await lab.SendAsync("listplaylists\nstats\nlistplaylists\nstats\n");
        var answers = replies.Split("OK\n")[..^1];
        Assert.Equal(4, answers.Length);
        Assert.All(answers.Where((_, i) => i % 2 == 0), a => Assert.Equal("playlist: mark-1", a.Split('\n')[0]));
        Assert.All(answers.Where((_, i) => i % 2 == 1), a => Assert.Contains("uptime: ", a));
    }

    [Fact]
    public async Task Fixed_reads_from_its_room_even_when_another_is_closer()
    {
        await using var lab = await Lab.StartAsync(library, [0, 10],
            ClusterOptions.Default with { ReadPolicy = ReadPolicy.Fixed, ReadServer = "room2" });
        await lab.StartProxyAsync();
        for (var i = 0; i < 3; i++) Assert.Equal(["mark-1"], await lab.ListPlaylistsAsync());
    }

    [GeneratedRegex(@"^playlist: (.+)$", RegexOptions.Multiline)]
    private static partial Regex PlaylistLine();

    /// <summary>Rooms named room1, room2… each behind a relay of the given one-way delay, each with its own mark.</summary>
    private sealed class Lab(MpdProcessGroup rooms, IReadOnlyList<LatencyRelay> relays, ClusterOptions options) : IAsyncDisposable
    {
        private ProxyServer? _proxy;

        public MpdProcessGroup Rooms => rooms;

        public static async Task<Lab> StartAsync(MusicFixture library, double[] delaysMs, ClusterOptions options)
        {
            var rooms = await MpdProcessGroup.StartAsync(library, delaysMs.Length);
            for (var i = 0; i < rooms.Count; i++) await rooms[i].SendAsync($"save mark-{i}\n");
            var relays = rooms.Select((r, i) => LatencyRelay.Start(r.Host, r.Port, new LinkProfile { BaseDelayMs = delaysMs[i] }, seed: i)).ToList();
            return new Lab(rooms, relays, options);
        }

        public async Task StartProxyAsync() => _proxy = await ProxyHarness.StartBehindRelaysAsync(rooms, relays, options);

        public Task<string> SendAsync(string lines) => _proxy!.SendAsync(lines);

        public async Task<List<string>> ListPlaylistsAsync() =>
            PlaylistLine().Matches(await SendAsync("listplaylists\n")).Select(m => m.Groups[1].Value).ToList();

        public async ValueTask DisposeAsync()
        {
            if (_proxy is not null) await _proxy.DisposeAsync();
            foreach (var relay in relays) await relay.DisposeAsync();
            await rooms.DisposeAsync();
        }
    }
}

using Prosync.Host.Lab;
using System.Text.RegularExpressions;
using Prosync.Actors.Tests.TestKit;

namespace Prosync.Actors.Tests.Integration;

/// <summary>
/// Song ids differ per server once their histories differ. The client sees the primary's ids, and
/// every id-based command must hit the same song on every room.
/// </summary>
[Collection(RealMpdCollection.Name)]
public sealed partial class SongIdTranslationTests(MusicFixture library)
{
    [Fact]
    public async Task Id_commands_act_on_the_same_song_in_every_room_after_the_ids_diverged()
    {
        await using var rooms = await MpdProcessGroup.StartAsync(library, 3);
        // Room 3 had a history before joining: its id counter is ahead of the others'.
        await rooms[2].SendAsync(string.Concat(library.Tracks.Select(t => $"add \"{t.Uri}\"\n")) + "clear\n");
        await using var proxy = await ProxyHarness.StartProxyAsync(rooms.ToArray());

        var tracks = library.Tracks.Take(4).Select(t => t.Uri).ToList();
        var ids = new List<int>();
        foreach (var uri in tracks)
            ids.Add(int.Parse(MpdText.Id(await proxy.SendAsync($"addid \"{uri}\""))));
        Assert.NotEqual(await IdsOf(rooms[0]), await IdsOf(rooms[2]));

        await proxy.SendAsync($"playid {ids[1]}");
        await proxy.SendAsync("pause 1");
        foreach (var room in rooms) Assert.Contains($"file: {tracks[1]}", await room.SendAsync("currentsong"));

        await proxy.SendAsync($"swapid {ids[0]} {ids[3]}");
        await proxy.SendAsync($"moveid {ids[2]} 0");
        await proxy.SendAsync($"deleteid {ids[1]}");
        await proxy.SendAsync($"prioid 7 {ids[0]}");
        await proxy.SendAsync($"seekid {ids[3]} 3");
        var expected = new[] { tracks[2], tracks[3], tracks[0] };
        var states = new HashSet<string>();
        foreach (var room in rooms)
        {
            Assert.Equal(expected, await FilesOf(room));
            Assert.Contains("Prio: 7", await room.SendAsync("playlistinfo 2"));
            var status = await room.SendAsync("status");
            Assert.Contains("song: 1\n", status);
            states.Add(StateLine().Match(status).Value);
        }
        Assert.Single(states);
    }

    [Fact]
    public async Task An_unknown_id_fails_like_MPD_and_touches_no_room()
    {
        await using var rooms = await MpdProcessGroup.StartAsync(library, 2);
        await using var proxy = await ProxyHarness.StartProxyAsync(rooms.ToArray());
        await proxy.SendAsync($"add \"{library.Tracks[0].Uri}\"");

        Assert.Equal("ACK [50@0] {deleteid} No such song\n", await proxy.SendAsync("deleteid 999"));
        Assert.Equal("ACK [2@0] {playid} Integer expected: x\n", await proxy.SendAsync("playid x"));
        Assert.Equal(await rooms[0].SendAsync("deleteid 999"), await proxy.SendAsync("deleteid 999"));
        foreach (var room in rooms) Assert.Single(await FilesOf(room));
    }

    private static async Task<List<int>> IdsOf(MpdProcess room) => MpdText.Ids(await room.SendAsync("playlistid"));

    private static async Task<List<string>> FilesOf(MpdProcess room) =>
        FileLine().Matches(await room.SendAsync("playlistinfo")).Select(m => m.Groups[1].Value).ToList();

    [GeneratedRegex(@"^state: \w+$", RegexOptions.Multiline)]
    private static partial Regex StateLine();

    [GeneratedRegex(@"^file: (.+)$", RegexOptions.Multiline)]
    private static partial Regex FileLine();
}

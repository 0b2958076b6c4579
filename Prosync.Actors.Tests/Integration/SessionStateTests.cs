using Prosync.Host.Lab;
using System.Security.Cryptography;
using System.Text;
using Prosync.Actors.Tests.TestKit;

namespace Prosync.Actors.Tests.Integration;

/// <summary>
/// MPD keeps some state per client connection (tagtypes, binarylimit, channel subscriptions). Through
/// the proxy, clients share backend connections, yet each must see exactly what it would see alone
/// against one MPD, even when their commands interleave.
/// </summary>
[Collection(RealMpdCollection.Name)]
public sealed class SessionStateTests(MusicFixture library)
{
    [Fact]
    public async Task Interleaved_clients_keep_their_own_tagtypes_and_binarylimit()
    {
        var art = library.ArtTrack.Uri;
        string[] steps =
        [
            "A tagtypes clear", "B playlistinfo", "A tagtypes enable Artist Title", "A playlistinfo", "B currentsong",
            "A binarylimit 1024", "B albumart \"" + art + "\" 0", "A albumart \"" + art + "\" 0", "A tagtypes",
            "B tagtypes disable Artist", "A playlistinfo", "B playlistinfo", "A tagtypes all", "A playlistinfo 0",
            "B readpicture \"" + art + "\" 1024", "A readpicture \"" + art + "\" 1024", "A binarylimit 10",
        ];
        var (direct, proxied) = await RunOnBothAsync(2, steps);
        Assert.Equal(direct, proxied);
        // The steps really exercised what they claim: A's 1024-byte chunk differs from B's default 8192.
        Assert.StartsWith("size: ", direct[7]);
        Assert.NotEqual(direct[6], direct[7]);
        Assert.DoesNotContain("Album:", direct[3]);
    }

    [Fact]
    public async Task Channel_messages_reach_subscribers_as_with_MPD()
    {
        string[] steps =
        [
            "A subscribe news", "B subscribe news", "B subscribe sport", "A channels", "A sendmessage news hello",
            "A sendmessage sport goal", "B idle message", "B readmessages", "A idle subscription", "A readmessages",
            "B unsubscribe sport", "A sendmessage sport again", "A channels",
        ];
        var (direct, proxied) = await RunOnBothAsync(1, steps);
        Assert.Equal(direct, proxied);
        Assert.Contains("message: goal", direct[7]);
    }

    /// <summary>Runs "A …"/"B …" steps on two connections, against one direct MPD and through a proxy.</summary>
    private async Task<(List<string> Direct, List<string> Proxied)> RunOnBothAsync(int roomsBehindProxy, string[] steps)
    {
        await using var rooms = await MpdProcessGroup.StartAsync(library, 1 + roomsBehindProxy);
        await using var proxy = await ProxyHarness.StartProxyAsync(rooms.Slice(1, roomsBehindProxy));
        var setup = string.Concat(library.Tracks.Take(3).Select(t => $"add \"{t.Uri}\"\n")) + "play 0\npause 1\n";
        await rooms[0].SendAsync(setup);
        await proxy.SendAsync(setup);

        var direct = await RunAsync(rooms[0].Host, rooms[0].Port, steps);
        var proxied = await RunAsync(proxy.Host(), proxy.Port(), steps);
        return (direct, proxied);
    }

    private static async Task<List<string>> RunAsync(string host, int port, string[] steps)
    {
        await using var a = await RawClient.ConnectAsync(host, port);
        await using var b = await RawClient.ConnectAsync(host, port);
        var replies = new List<string>();
        foreach (var step in steps)
        {
            var client = step[0] == 'A' ? a : b;
            var reply = await client.RoundTripAsync(step[2..] + "\n");
            // Binary payloads are compared by size and hash, to keep failure messages readable.
            replies.Add(reply.Contains("binary: ")
                ? $"{reply[..reply.IndexOf("binary: ", StringComparison.Ordinal)]}<{reply.Length} chars, {Hash(reply)}>"
                : reply);
        }
        return replies;
    }

    private static string Hash(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
}

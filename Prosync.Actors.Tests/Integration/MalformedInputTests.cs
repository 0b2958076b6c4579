using Prosync.Host.Lab;
using System.Net.Sockets;
using System.Text;
using Prosync.Actors.Tests.TestKit;

namespace Prosync.Actors.Tests.Integration;

/// <summary>
/// Bad input gets MPD's own reaction from the proxy: the same bytes back, and the connection closed
/// exactly when MPD closes it. Meanwhile other clients are unaffected.
/// </summary>
[Collection(RealMpdCollection.Name)]
public sealed class MalformedInputTests(MusicFixture library)
{
    public static TheoryData<string, byte[]> Inputs() => new()
    {
        { "unterminated quote, then a good command", Ascii("foo \"bar\nping\n") },
        { "invalid unquoted character", Ascii("ping 'x'\nping\n") },
        { "space expected after closing quote", Ascii("ping \"x\"y\nping\n") },
        { "invalid word character closes after the ACK", Ascii("ping-x\nping\n") },
        { "uppercase first letter closes silently", Ascii("Ping\nping\n") },
        { "empty line closes silently", Ascii("\nping\n") },
        { "unknown command", Ascii("frobnicate 1 2\nping\n") },
        { "wrong argument count", Ascii("status now\nsetvol\n") },
        { "too many arguments", Ascii("ping" + string.Concat(Enumerable.Repeat(" a", 64)) + "\nping\n") },
        { "line longer than MPD's buffer", Ascii(new string('a', 9000) + "\nping\n") },
        { "binary garbage", [0xff, 0xfe, 0x00, 0x81, 0x0a, 0x70, 0x69, 0x6e, 0x67, 0x0a] },
        { "a command while idle closes", Ascii("idle\nstatus\n") },
        { "noidle when not idling has no reply", Ascii("noidle\nping\n") },
        { "command_list_end outside a list", Ascii("command_list_end\nping\n") },
        { "failure inside an ok-list stops it with its index", Ascii("command_list_ok_begin\nping\nfoo\nping\ncommand_list_end\nping\n") },
        { "bad quoting inside a list", Ascii("command_list_begin\nping\nping \"x\ncommand_list_end\nping\n") },
        { "empty list", Ascii("command_list_begin\ncommand_list_end\nping\n") },
        { "nested list begin", Ascii("command_list_begin\ncommand_list_begin\ncommand_list_end\nping\n") },
        { "carriage return and trailing blanks are stripped", Ascii("ping\r\nping \t \n") },
    };

    [Theory]
    [MemberData(nameof(Inputs))]
    public async Task Proxy_reacts_to_bad_input_exactly_like_MPD(string what, byte[] input)
    {
        await using var rooms = await MpdProcessGroup.StartAsync(library, 2);
        await using var proxy = await ProxyHarness.StartProxyAsync(rooms[1]);
        var bystander = await RawClient.ConnectAsync(proxy.Host(), proxy.Port());

        var direct = await RawClient.ExchangeAsync(rooms[0].Host, rooms[0].Port, input);
        var proxied = await RawClient.ExchangeAsync(proxy.Host(), proxy.Port(), input);

        Assert.True(direct.Reply == proxied.Reply, $"{what}: MPD said\n{direct.Reply}\nthe proxy said\n{proxied.Reply}");
        Assert.True(direct.Closed == proxied.Closed, $"{what}: MPD {(direct.Closed ? "closed" : "kept")} the connection, the proxy did not");
        Assert.Equal("OK\n", await bystander.RoundTripAsync("ping\n"));
        await bystander.DisposeAsync();
    }

    [Fact]
    public async Task Kill_is_refused_and_no_room_is_stopped()
    {
        await using var rooms = await MpdProcessGroup.StartAsync(library, 2);
        await using var proxy = await ProxyHarness.StartProxyAsync(rooms.ToArray());

        var (reply, closed) = await RawClient.ExchangeAsync(proxy.Host(), proxy.Port(), Ascii("kill\nping\n"));

        Assert.Equal("ACK [5@0] {kill} \"kill\" is not available through Prosync\nOK\n", reply);
        Assert.False(closed);
        foreach (var room in rooms) Assert.Equal("OK\n", await room.SendAsync("ping"));
    }

    [Fact]
    public async Task A_flood_of_garbage_from_many_clients_leaves_the_proxy_serving()
    {
        await using var rooms = await MpdProcessGroup.StartAsync(library, 1);
        await using var proxy = await ProxyHarness.StartProxyAsync(rooms[0]);
        var random = new Random(7);
        var floods = Enumerable.Range(0, 40).Select(async i =>
        {
            var bytes = new byte[64 * 1024];
            random.NextBytes(bytes);
            if (i % 2 == 0) bytes[0] = (byte)'p'; // some start like a command, so the session parses on
            try { await RawClient.ExchangeAsync(proxy.Host(), proxy.Port(), bytes); }
            catch (IOException) { } // the proxy may reset a garbage sender while it is still writing
            catch (SocketException) { }
        });
        await Task.WhenAll(floods);

        var client = await RawClient.ConnectAsync(proxy.Host(), proxy.Port());
        Assert.Equal("OK\n", await client.RoundTripAsync("ping\n"));
        Assert.Contains("state: ", await client.RoundTripAsync("status\n"));
        await client.DisposeAsync();
    }

    private static byte[] Ascii(string text) => Encoding.UTF8.GetBytes(text);
}

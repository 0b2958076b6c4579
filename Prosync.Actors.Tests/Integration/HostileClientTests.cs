using System.Net;
using System.Net.Sockets;
using System.Text;
using Prosync.Actors.Proxy;
using Prosync.Actors.Tests.TestKit;
using Prosync.Host.Lab;

namespace Prosync.Actors.Tests.Integration;

/// <summary>Clients that vanish, stall, flood or sit silent: the proxy stays up and the others are unaffected.</summary>
[Collection(RealMpdCollection.Name)]
public sealed class HostileClientTests(MusicFixture library)
{
    [Fact]
    public async Task Commands_sent_just_before_disconnecting_are_applied_to_every_room()
    {
        await using var rooms = await MpdProcessGroup.StartAsync(library, 2);
        await using var proxy = await ProxyHarness.StartProxyAsync(rooms.ToArray());
        var lines = $"add \"{library.Tracks[1].Uri}\"\nsetvol 33\nrepeat 1\nplay 0\n";

        using (var socket = await ConnectAsync(proxy))
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes(lines));
            socket.Close(); // gone before any answer
        }

        foreach (var room in rooms)
        {
            var status = await EventuallyAsync(room, s => s.Contains("state: play"));
            Assert.Contains("volume: 33", status);
            Assert.Contains("repeat: 1", status);
        }
    }

    [Fact]
    public async Task A_silent_client_is_dropped_after_the_connection_timeout_but_an_idling_one_is_not()
    {
        await using var rooms = await MpdProcessGroup.StartAsync(library, 1);
        await using var proxy = await StartWithTimeoutAsync(rooms[0], TimeSpan.FromSeconds(1));
        await using var silent = await RawClient.ConnectAsync(proxy.Host(), proxy.Port());
        await using var idler = await RawClient.ConnectAsync(proxy.Host(), proxy.Port());
        await idler.SendAsync("idle\n");

        await Task.Delay(2500);

        Assert.True(await silent.IsClosedAsync(), "the silent client was kept past the timeout");
        Assert.False(await idler.IsClosedAsync(), "an idling client was dropped");
        Assert.Equal("OK\n", await idler.RoundTripAsync("noidle\n"));
    }

    [Fact]
    public async Task A_client_that_never_reads_is_dropped_and_others_carry_on()
    {
        await using var rooms = await MpdProcessGroup.StartAsync(library, 1);
        await using var proxy = await ProxyHarness.StartProxyAsync(rooms[0]);
        await using var bystander = await RawClient.ConnectAsync(proxy.Host(), proxy.Port());
        // A small receive window, set before connecting so the kernel cannot soak up the output for it.
        using var hog = new Socket(SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        await hog.ConnectAsync(proxy.LocalEndPoint);

        // ~90 MB of pictures asked for, none read: far more than kernel buffers plus MPD's 8 MiB output limit.
        var request = Encoding.UTF8.GetBytes(
            "binarylimit 65536\n" + string.Concat(Enumerable.Repeat($"albumart \"{library.ArtTrack.Uri}\" 0\n", 3000)));
        await hog.SendAsync(request);
        var dropped = false;
        for (var i = 0; i < 100 && !dropped; i++)
        {
            await Task.Delay(100);
            Assert.Equal("OK\n", await bystander.RoundTripAsync("ping\n"));
            dropped = IsReset(hog);
        }
        Assert.True(dropped, "the proxy kept a client that does not read its output");
    }

    /// <summary>Whether the peer has reset the connection: a write fails (the first one after the reset may still pass).</summary>
    private static bool IsReset(Socket socket)
    {
        try
        {
            socket.Send("ping\n"u8);
            socket.Send("ping\n"u8);
            return false;
        }
        catch (SocketException)
        {
            return true;
        }
    }

    [Fact]
    public async Task Two_hundred_clients_at_once_are_all_answered()
    {
        await using var rooms = await MpdProcessGroup.StartAsync(library, 2);
        await using var proxy = await ProxyHarness.StartProxyAsync(rooms.ToArray());
        var replies = await Task.WhenAll(Enumerable.Range(0, 200).Select(async i =>
        {
            await using var client = await RawClient.ConnectAsync(proxy.Host(), proxy.Port());
            return await client.RoundTripAsync(i % 2 == 0 ? "status\n" : "ping\n");
        }));
        Assert.All(replies, r => Assert.EndsWith("OK\n", r));
    }

    private static async Task<Socket> ConnectAsync(ProxyServer proxy)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(proxy.LocalEndPoint);
        return socket;
    }

    private static async Task<ProxyServer> StartWithTimeoutAsync(MpdProcess room, TimeSpan timeout)
    {
        var proxy = await ProxyServer.StartAsync(new ProxyOptions
        {
            Listen = new IPEndPoint(IPAddress.Loopback, 0),
            Servers = [new ServerEndpoint(room.Name, room.Host, room.Port)],
            ClientTimeout = timeout,
        });
        await proxy.WaitForInSyncAsync(1, ProxyHarness.DefaultInSyncTimeout);
        return proxy;
    }

    private static async Task<string> EventuallyAsync(MpdProcess room, Func<string, bool> condition)
    {
        for (var i = 0; ; i++)
        {
            var status = await room.SendAsync("status");
            if (condition(status) || i == 50) return status;
            await Task.Delay(50);
        }
    }
}

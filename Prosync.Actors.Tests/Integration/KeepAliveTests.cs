using System.Net;
using Prosync.Actors.Cluster;
using Prosync.Actors.Proxy;
using Prosync.Actors.Servers;
using Prosync.Actors.Tests.TestKit;
using Prosync.Host.Lab;

namespace Prosync.Actors.Tests.Integration;

/// <summary>A quiet house: MPD closes connections that send nothing for its connection_timeout; the proxy's must stay.</summary>
[Collection(RealMpdCollection.Name)]
public sealed class KeepAliveTests(MusicFixture library)
{
    [Fact]
    public async Task Rooms_stay_connected_through_a_quiet_spell_longer_than_MPDs_connection_timeout()
    {
        // connection_timeout 2 s stands in for MPD's 60 s; the keepalive is scaled down with it.
        await using var room = await MpdProcess.StartAsync(library, new MpdProcessOptions { Name = "quiet", ConnectionTimeoutSeconds = 2 });
        await using var proxy = await ProxyServer.StartAsync(new ProxyOptions
        {
            Listen = new IPEndPoint(IPAddress.Loopback, 0),
            Servers = [new ServerEndpoint(room.Name, room.Host, room.Port)],
            Cluster = ClusterOptions.Default with { Server = ServerOptions.Default with { KeepAliveInterval = TimeSpan.FromMilliseconds(500) } },
        });
        await proxy.WaitForInSyncAsync(1, ProxyHarness.DefaultInSyncTimeout);
        var since = (await proxy.GetStatusAsync()).Servers.Single().StateSince;

        await Task.Delay(TimeSpan.FromSeconds(6)); // no client command: only probes (on their own connection)

        var server = (await proxy.GetStatusAsync()).Servers.Single();
        Assert.Equal(ServerState.InSync, server.State);
        Assert.Equal(since, server.StateSince); // never Down meanwhile
        Assert.DoesNotContain("ACK", await proxy.SendAsync("setvol 40\nstatus\n"));
    }
}

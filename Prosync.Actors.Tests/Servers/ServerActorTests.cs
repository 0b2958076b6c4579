using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Prosync.Actors.Proxy;
using Prosync.Actors.Servers;
using Prosync.Actors.Tests.TestKit;
using Prosync.Host.Lab;

namespace Prosync.Actors.Tests.Servers;

/// <summary>A room's actor against a real MPD, its cluster a TestProbe.</summary>
[Collection(RealMpdCollection.Name)]
public sealed class ServerActorTests(MusicFixture library) : Akka.TestKit.Xunit2.TestKit(ActorTestConfig.Instance)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task ServerActor_reports_Connecting_then_Syncing_then_latency_to_the_cluster()
    {
        await using var room = await MpdProcess.StartAsync(library);
        var cluster = CreateTestProbe();

        Sys.ActorOf(ServerActor.Props(new ServerEndpoint(room.Name, room.Host, room.Port), cluster.Ref));

        Assert.Equal(ServerState.Connecting, cluster.ExpectMsg<ServerStateChanged>(Patience).State);
        var syncing = cluster.ExpectMsg<ServerStateChanged>(Patience);
        Assert.Equal(ServerState.Syncing, syncing.State);
        Assert.NotNull(syncing.Version);
        var latency = cluster.ExpectMsg<LatencyUpdated>(Patience);
        Assert.Equal(room.Name, latency.Server);
        Assert.True(latency.LastRttMs > 0);
    }

    [Fact]
    public async Task A_server_that_dies_is_reported_Down_then_started_again_by_its_backoff_supervisor()
    {
        await using var room = await MpdProcess.StartAsync(library);
        var cluster = CreateTestProbe();
        var backoff = ServerBackoff.FromConfig(Sys.Settings.Config);
        Sys.ActorOf(backoff.Supervise(ServerActor.Props(new ServerEndpoint(room.Name, room.Host, room.Port), cluster.Ref), "server"));
        cluster.FishForMessage<ServerStateChanged>(s => s.State == ServerState.Syncing, Patience);

        room.Kill();

        // Down first (so the cluster stops routing there), then a fresh actor connects again.
        cluster.FishForMessage<ServerStateChanged>(s => s.State == ServerState.Down, Patience);
        cluster.FishForMessage<ServerStateChanged>(s => s.State == ServerState.Connecting, Patience);
        await room.RestartAsync();
        cluster.FishForMessage<ServerStateChanged>(s => s.State == ServerState.Syncing, Patience);
    }

    [Fact]
    public void A_request_to_a_server_still_connecting_is_answered_as_not_connected()
    {
        // Accepts the connection but never greets: the actor stays Connecting (up to its connect timeout).
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var cluster = CreateTestProbe();
        var server = Sys.ActorOf(ServerActor.Props(new ServerEndpoint("silent", "127.0.0.1", ((IPEndPoint)silent.LocalEndpoint).Port), cluster.Ref));
        Assert.Equal(ServerState.Connecting, cluster.ExpectMsg<ServerStateChanged>().State);

        server.Tell(new ReadStatus(7, TestActor));

        var read = ExpectMsg<StatusRead>();
        Assert.Equal((7, "silent"), (read.Tag, read.Server));
        Assert.Null(read.Status);
    }
}

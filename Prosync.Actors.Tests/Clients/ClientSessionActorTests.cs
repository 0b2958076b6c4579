using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit;
using Prosync.Actors.Clients;
using Prosync.Actors.Cluster;
using Prosync.Actors.Protocol;
using Prosync.Actors.Tests.TestKit;

namespace Prosync.Actors.Tests.Clients;

/// <summary>A client session on a real socket, its cluster a TestProbe, its timers on virtual time.</summary>
public sealed class ClientSessionActorTests() : Akka.TestKit.Xunit2.TestKit(ConfigurationFactory
    .ParseString("""akka.scheduler.implementation = "Akka.TestKit.TestScheduler, Akka.TestKit" """)
    .WithFallback(ActorTestConfig.Instance))
{
    private static readonly TimeSpan ConnectionTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_silent_client_is_closed_after_MPD_s_connection_timeout_and_not_before()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var client = new TcpClient();
        await client.ConnectAsync((IPEndPoint)listener.LocalEndpoint);
        var cluster = CreateTestProbe();
        var session = Sys.ActorOf(ClientSessionActor.Props(await listener.AcceptSocketAsync(), cluster.Ref, ConnectionTimeout));
        Watch(session);
        using var reader = new StreamReader(client.GetStream());
        var writer = new StreamWriter(client.GetStream()) { AutoFlush = true, NewLine = "\n" };

        cluster.ExpectMsg<RegisterSession>();
        cluster.Reply(new Welcome(new MpdVersion(0, 23, 5)));
        Assert.Equal("OK MPD 0.23.5", await reader.ReadLineAsync());
        await writer.WriteLineAsync("ping"); // answered by the session itself; once it is, the timeout is armed
        Assert.Equal("OK", await reader.ReadLineAsync());

        var scheduler = (TestScheduler)Sys.Scheduler;
        scheduler.Advance(ConnectionTimeout - TimeSpan.FromSeconds(1));
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        scheduler.Advance(TimeSpan.FromSeconds(1));
        ExpectTerminated(session);
        Assert.Null(await reader.ReadLineAsync());
    }
}

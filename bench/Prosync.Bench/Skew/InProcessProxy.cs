using System.Net;
using Prosync.Actors.Cluster;
using Prosync.Actors.Proxy;
using Prosync.Bench.Lab;
using Prosync.Bench.Measure;

namespace Prosync.Bench.Skew;

/// <summary>A <see cref="ProxyServer"/> in the bench process, configured per mode.</summary>
public sealed class InProcessProxy : IProxyUnderTest
{
    private InProcessProxy(ProxyServer server) => Server = server;

    public ProxyServer Server { get; }

    public int Port => Server.LocalEndPoint.Port;

    public static Task<InProcessProxy> StartAsync(BenchLab lab, ClusterOptions cluster, Serilog.ILogger? log, TimeSpan syncTimeout) =>
        StartAsync(lab.Endpoints, cluster, log, syncTimeout);

    /// <summary>A proxy of <paramref name="endpoints"/>, in the order given, returned once every one is in sync.</summary>
    public static async Task<InProcessProxy> StartAsync(IReadOnlyList<ServerEndpoint> endpoints, ClusterOptions cluster, Serilog.ILogger? log, TimeSpan syncTimeout)
    {
        var server = await ProxyServer.StartAsync(new ProxyOptions
        {
            Listen = new IPEndPoint(IPAddress.Loopback, 0),
            Servers = endpoints,
            Cluster = cluster,
        });
        try
        {
            await server.WaitForInSyncAsync(endpoints.Count, syncTimeout);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return new InProcessProxy(server);
    }

    public ICommandChannel Connect() => MpdClient.Connect("127.0.0.1", Port);

    public async Task<BroadcastRecord?> LatestBroadcastAsync() => (await Server.GetStatusAsync()).RecentBroadcasts.FirstOrDefault();

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}

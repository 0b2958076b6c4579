using System.Net;
using System.Net.Sockets;
using Prosync.Actors.Clients;
using Prosync.Actors.Cluster;
using Prosync.Actors.Kernel;

namespace Prosync.Actors.Proxy;

/// <summary>
/// The running proxy: an actor system with the cluster (one supervised actor per MPD server)
/// and the client listener. Start it, point MPD clients at <see cref="LocalEndPoint"/>, dispose it to stop.
/// </summary>
public sealed class ProxyServer : IAsyncDisposable
{
    private readonly ActorSystem _system;

    private ProxyServer(ActorSystem system, IActorRef cluster, IPEndPoint localEndPoint)
    {
        _system = system;
        Cluster = cluster;
        LocalEndPoint = localEndPoint;
    }

    /// <summary>Where MPD clients connect (the real port when port 0 was asked for).</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>The cluster actor, for status queries and operations.</summary>
    public IActorRef Cluster { get; }

    public static Task<ProxyServer> StartAsync(ProxyOptions options, Serilog.ILogger? log = null, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        var system = ActorSystem.Create("prosync", TimeProvider.System, log);
        var cluster = system.ActorOf(ClusterActor.Props(options.Servers, options.Cluster), "cluster");
        var listener = new TcpListener(options.Listen);
        try
        {
            listener.Start(backlog: 128);
        }
        catch
        {
            _ = system.Terminate();
            throw;
        }
        var bound = (IPEndPoint)listener.LocalEndpoint;
        system.ActorOf(ClientListenerActor.Props(listener, cluster), "clients");
        return Task.FromResult(new ProxyServer(system, cluster, bound));
    }

    public Task<ClusterStatus> GetStatusAsync() => Cluster.Ask<ClusterStatus>(GetClusterStatus.Instance, TimeSpan.FromSeconds(5));

    /// <summary>Completes when at least <paramref name="servers"/> servers are in sync.</summary>
    public async Task WaitForInSyncAsync(int servers, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            var status = await GetStatusAsync();
            if (status.InSyncCount >= servers) return;
            if (cts.IsCancellationRequested)
                throw new TimeoutException($"only {status.InSyncCount} of {servers} servers in sync after {timeout}: " +
                    string.Join(", ", status.Servers.Select(s => $"{s.Name} {s.State}")));
            await Task.Delay(20, CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync() => await _system.Terminate();
}

using Prosync.Host.Lab;
using System.Net;
using Prosync.Actors.Cluster;
using Prosync.Actors.Proxy;
using Prosync.Actors.Servers;

namespace Prosync.Actors.Tests.TestKit;

/// <summary>Starts Prosync's <see cref="ProxyServer"/> on a free loopback port in front of test MPDs.</summary>
public static class ProxyHarness
{
    /// <summary>How long the proxy may take to bring every server in sync.</summary>
    public static readonly TimeSpan DefaultInSyncTimeout = TimeSpan.FromSeconds(15);

    /// <summary>How long <see cref="WaitForStateAsync"/> waits for a server to reach a state, unless told otherwise.</summary>
    public static readonly TimeSpan DefaultStateTimeout = TimeSpan.FromSeconds(15);

    /// <summary>Starts the proxy in front of <paramref name="servers"/> and waits until all of them are in sync.</summary>
    public static Task<ProxyServer> StartProxyAsync(params MpdProcess[] servers)
        => StartProxyAsync(servers, DefaultInSyncTimeout);

    public static async Task<ProxyServer> StartProxyAsync(IReadOnlyList<MpdProcess> servers, TimeSpan inSyncTimeout, CancellationToken ct = default,
        ClusterOptions? cluster = null)
    {
        ArgumentNullException.ThrowIfNull(servers);
        var options = new ProxyOptions
        {
            Listen = new IPEndPoint(IPAddress.Loopback, 0),
            Servers = servers.Select(s => new ServerEndpoint(s.Name, s.Host, s.Port)).ToList(),
            Cluster = cluster ?? ClusterOptions.Default,
        };
        var proxy = await ProxyServer.StartAsync(options, ct).ConfigureAwait(false);
        try
        {
            await proxy.WaitForInSyncAsync(servers.Count, inSyncTimeout).ConfigureAwait(false);
            return proxy;
        }
        catch
        {
            await proxy.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Starts the proxy in front of <paramref name="rooms"/>, each reached through its relay (same index), waits
    /// until all are in sync, then lets a few probes run so every path has an estimate.
    /// </summary>
    public static async Task<ProxyServer> StartBehindRelaysAsync(IReadOnlyList<MpdProcess> rooms, IReadOnlyList<LatencyRelay> relays,
        ClusterOptions cluster)
    {
        var proxy = await ProxyServer.StartAsync(new ProxyOptions
        {
            Listen = new IPEndPoint(IPAddress.Loopback, 0),
            Servers = rooms.Select((r, i) => new ServerEndpoint(r.Name, "127.0.0.1", relays[i].Port)).ToList(),
            Cluster = cluster,
        });
        try
        {
            await proxy.WaitForInSyncAsync(rooms.Count, DefaultInSyncTimeout);
            await Task.Delay(500);
            return proxy;
        }
        catch
        {
            await proxy.DisposeAsync();
            throw;
        }
    }

    /// <summary>Polls <paramref name="condition"/> every 100 ms until it holds or <paramref name="within"/> has passed.</summary>
    public static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition()) return true;
            await Task.Delay(100);
        }
        return await condition(); // once more at the deadline: a starved test process may have looked only once
    }

    /// <summary>The host clients use to reach the proxy.</summary>
    public static string Host(this ProxyServer proxy) => proxy.LocalEndPoint.Address.ToString();

    /// <summary>The port clients use to reach the proxy.</summary>
    public static int Port(this ProxyServer proxy) => proxy.LocalEndPoint.Port;

    /// <summary>Sends raw command lines to the proxy on a fresh connection and returns its raw response (10 s timeout).</summary>
    public static Task<string> SendAsync(this ProxyServer proxy, string lines)
    {
        ArgumentNullException.ThrowIfNull(proxy);
        return RawMpdConnection.SendAsync(proxy.Host(), proxy.Port(), lines, TimeSpan.FromSeconds(10), CancellationToken.None);
    }

    /// <summary>
    /// Polls the proxy's status every 10 ms until <paramref name="server"/> is in <paramref name="state"/>;
    /// returns how long that took. Throws <see cref="TimeoutException"/> after <paramref name="within"/>
    /// (default <see cref="DefaultStateTimeout"/>).
    /// </summary>
    public static async Task<TimeSpan> WaitForStateAsync(this ProxyServer proxy, string server, ServerState state, TimeSpan? within = null)
    {
        ArgumentNullException.ThrowIfNull(proxy);
        var patience = within ?? DefaultStateTimeout;
        var started = DateTime.UtcNow;
        while (DateTime.UtcNow - started < patience)
        {
            var status = await proxy.GetStatusAsync().ConfigureAwait(false);
            if (status.Servers.Single(s => s.Name == server).State == state) return DateTime.UtcNow - started;
            await Task.Delay(10).ConfigureAwait(false);
        }
        throw new TimeoutException($"{server} did not become {state} within {patience}");
    }
}

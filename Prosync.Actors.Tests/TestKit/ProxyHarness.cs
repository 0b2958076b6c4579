using Prosync.Host.Lab;
using System.Net;
using Prosync.Actors.Proxy;

namespace Prosync.Actors.Tests.TestKit;

/// <summary>Starts Prosync's <see cref="ProxyServer"/> on a free loopback port in front of test MPDs.</summary>
public static class ProxyHarness
{
    /// <summary>How long the proxy may take to bring every server in sync.</summary>
    public static readonly TimeSpan DefaultInSyncTimeout = TimeSpan.FromSeconds(15);

    /// <summary>Starts the proxy in front of <paramref name="servers"/> and waits until all of them are in sync.</summary>
    public static Task<ProxyServer> StartProxyAsync(params MpdProcess[] servers)
        => StartProxyAsync(servers, DefaultInSyncTimeout);

    public static async Task<ProxyServer> StartProxyAsync(IReadOnlyList<MpdProcess> servers, TimeSpan inSyncTimeout, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(servers);
        var options = new ProxyOptions
        {
            Listen = new IPEndPoint(IPAddress.Loopback, 0),
            Servers = servers.Select(s => new ServerEndpoint(s.Name, s.Host, s.Port)).ToList(),
        };
        var proxy = await ProxyServer.StartAsync(options, log: null, ct).ConfigureAwait(false);
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

    /// <summary>The host clients use to reach the proxy.</summary>
    public static string Host(this ProxyServer proxy) => proxy.LocalEndPoint.Address.ToString();

    /// <summary>The port clients use to reach the proxy.</summary>
    public static int Port(this ProxyServer proxy) => proxy.LocalEndPoint.Port;
}

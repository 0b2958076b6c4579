using System.Net;

namespace Prosync.Actors.Proxy;

/// <summary>The running proxy: listener, actor system, cluster. STUB: being implemented.</summary>
public sealed class ProxyServer : IAsyncDisposable
{
    public static Task<ProxyServer> StartAsync(ProxyOptions options, Serilog.ILogger? log = null, CancellationToken ct = default)
        => throw new NotImplementedException();

    public IPEndPoint LocalEndPoint => throw new NotImplementedException();

    public Task WaitForInSyncAsync(int servers, TimeSpan timeout) => throw new NotImplementedException();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

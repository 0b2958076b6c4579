using Akka.Actor;
using Microsoft.Extensions.Hosting;
using Prosync.Actors.Proxy;
using Prosync.Host.Configuration;

namespace Prosync.Host.Hosting;

/// <summary>
/// The <see cref="ProxyServer"/> for the lifetime of the host: started in the actor system Akka.Hosting builds
/// (from its <c>WithActors</c>, see <see cref="ProsyncApp"/>), stopped (listener closed, client sessions and
/// actors stopped) on Ctrl-C or SIGTERM, before the actor system shuts down.
/// </summary>
public sealed class ProxyHostedService(ProxyOptions options, Serilog.ILogger logger) : IHostedService, IAsyncDisposable
{
    private readonly Serilog.ILogger _log = logger.ForContext<ProxyHostedService>();
    private ProxyServer? _proxy;

    /// <summary>The running proxy (for the dashboard, API and latency log); null before start and after stop.</summary>
    public ProxyServer? Proxy => Volatile.Read(ref _proxy);

    /// <summary>Starts the proxy's actors in <paramref name="system"/>; called once the actor system is up.</summary>
    public ProxyServer Start(ActorSystem system)
    {
        _log.Information("Starting Prosync for {Count} MPD server(s), clients on {Listen}", options.Servers.Count, options.Listen);
        foreach (var server in options.Servers)
        {
            _log.Information("  server {Server}", ServerListBuilder.Describe(server));
        }
        var proxy = ProxyServer.Start(system, options);
        Volatile.Write(ref _proxy, proxy);
        _log.Information("Prosync is listening on {Endpoint}; Ctrl-C stops it", proxy.LocalEndPoint);
        return proxy;
    }

    /// <summary>Nothing to do: the actor system (started before this service) has started the proxy.</summary>
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var proxy = Interlocked.Exchange(ref _proxy, null);
        if (proxy is null)
        {
            return;
        }
        _log.Information("Stopping: closing the listener and client sessions");
        try
        {
            await proxy.DisposeAsync().AsTask().WaitAsync(cancellationToken);
            _log.Information("Prosync stopped");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _log.Warning("Prosync did not stop within the shutdown timeout; exiting anyway");
        }
    }

    public ValueTask DisposeAsync() => Interlocked.Exchange(ref _proxy, null)?.DisposeAsync() ?? ValueTask.CompletedTask;
}

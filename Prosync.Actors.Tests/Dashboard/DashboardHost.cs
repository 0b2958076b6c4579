using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Prosync.Actors.Proxy;
using Prosync.Host.Hosting;
using Serilog;

namespace Prosync.Actors.Tests.Dashboard;

/// <summary>
/// The production composition (<see cref="ProsyncApp"/>: proxy, status monitor, dashboard, API, latency log) on
/// free loopback ports, for tests: real HTTP against a real proxy in front of real MPD servers.
/// </summary>
public sealed class DashboardHost : IAsyncDisposable
{
    private DashboardHost(WebApplication app, ProxyServer proxy, Uri url)
    {
        App = app;
        Proxy = proxy;
        Url = url;
        Http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(15) };
    }

    public WebApplication App { get; }

    public ProxyServer Proxy { get; }

    /// <summary>The dashboard, e.g. http://127.0.0.1:41234/.</summary>
    public Uri Url { get; }

    public HttpClient Http { get; }

    /// <summary>Starts the app and waits until every server (or <paramref name="inSync"/> of them) is in sync.</summary>
    /// <param name="stateFile">The proxy's state file (rooms' layout, pending uploads next to it); none by default.</param>
    public static async Task<DashboardHost> StartAsync(IReadOnlyList<ServerEndpoint> servers, string? latencyLog = null,
        TimeSpan? inSyncTimeout = null, ILogger? logger = null, string? stateFile = null, int? inSync = null)
    {
        var builder = ProsyncApp.CreateBuilder();
        ProsyncApp.Configure(builder, new ProsyncAppOptions
        {
            Proxy = new ProxyOptions { Listen = new IPEndPoint(IPAddress.Loopback, 0), Servers = servers, StateFile = stateFile },
            Http = new IPEndPoint(IPAddress.Loopback, 0),
            LatencyLog = latencyLog,
        }, logger ?? new LoggerConfiguration().CreateLogger());
        var app = ProsyncApp.Build(builder);
        try
        {
            await app.StartAsync();
            var proxy = app.Services.GetRequiredService<ProxyHostedService>().Proxy!;
            await proxy.WaitForInSyncAsync(inSync ?? servers.Count, inSyncTimeout ?? TimeSpan.FromSeconds(20));
            return new DashboardHost(app, proxy, new Uri(ProsyncApp.DashboardUrl(app) + "/"));
        }
        catch
        {
            await app.StopAsync();
            await app.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}

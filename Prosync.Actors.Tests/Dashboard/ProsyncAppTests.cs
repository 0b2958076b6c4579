using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.DependencyInjection;
using Prosync.Actors.Proxy;
using Prosync.Host.Hosting;
using Serilog;

namespace Prosync.Actors.Tests.Dashboard;

public class ProsyncAppTests
{
    [Fact]
    public async Task With_http_none_no_web_server_listens_but_the_proxy_runs()
    {
        var builder = ProsyncApp.CreateBuilder();
        ProsyncApp.Configure(builder, new ProsyncAppOptions
        {
            Proxy = new ProxyOptions { Listen = new IPEndPoint(IPAddress.Loopback, 0), Servers = [] },
            Http = null,
        }, new LoggerConfiguration().CreateLogger());
        await using var app = ProsyncApp.Build(builder);

        await app.StartAsync();
        try
        {
            Assert.IsType<NoHttpServer>(app.Services.GetRequiredService<IServer>());
            Assert.Equal("(none)", ProsyncApp.DashboardUrl(app));
            Assert.NotNull(app.Services.GetRequiredService<ProxyHostedService>().Proxy);
        }
        finally
        {
            await app.StopAsync();
        }
        Assert.Null(app.Services.GetRequiredService<ProxyHostedService>().Proxy);
    }
}

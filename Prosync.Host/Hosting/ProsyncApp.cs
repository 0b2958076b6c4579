using System.Text.Json;
using Akka.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Prosync.Actors.Clients;
using Prosync.Actors.Cluster;
using Prosync.Actors.Library;
using Prosync.Actors.Library.Selection;
using Prosync.Host.Api;
using Prosync.Host.Dashboard;
using Prosync.Host.LatencyLog;
using Prosync.Host.Registry;
using Prosync.Host.Status;
using Serilog;

namespace Prosync.Host.Hosting;

/// <summary>
/// Composes the process: the proxy as a hosted service, the status monitor, the latency log, and on Kestrel the
/// dashboard and the HTTP API. <see cref="ProsyncHost"/> runs it; tests build the same app on free ports.
/// </summary>
public static class ProsyncApp
{
    /// <summary>The actor system's name, as in its actors' paths (akka://prosync/user/cluster).</summary>
    public const string ActorSystemName = "prosync";

    /// <summary>The dashboard's files, next to the program (copied there by the build).</summary>
    private static string WebRoot { get; } = Path.Combine(AppContext.BaseDirectory, "wwwroot");

    /// <summary>A builder that reads appsettings.json next to the program and environment variables, and no arguments.</summary>
    public static WebApplicationBuilder CreateBuilder() => WebApplication.CreateBuilder(new WebApplicationOptions
    {
        Args = null, // our flags are mapped by CommandLine; the stock provider would misread them
        ApplicationName = typeof(ProsyncApp).Assembly.GetName().Name,
        // appsettings.json is copied next to the program; `dotnet run --project` runs from elsewhere.
        ContentRootPath = AppContext.BaseDirectory,
    });

    /// <summary>Registers everything on <paramref name="builder"/>; logging goes to <paramref name="logger"/> only.</summary>
    public static void Configure(WebApplicationBuilder builder, ProsyncAppOptions options, Serilog.ILogger logger)
    {
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Trace); // Serilog's levels decide
        builder.Logging.AddSerilog(logger);

        // One set of replica measurements for the registry's prober, the API and the cluster's album-art reads.
        var measurements = new ReplicaMeasurements(TimeProvider.System);
        options = options with
        {
            Proxy = options.Proxy with
            {
                Cluster = options.Proxy.Cluster with
                {
                    ArtReplicas = options.Proxy.Cluster.ArtReplicas ?? new MeasuredReplicaChooser(measurements),
                    // A missing song is copied from the room with the best measured throughput.
                    ReplicaChooser = options.Proxy.Cluster.ReplicaChooser is UnmeasuredReplicaChooser
                        ? new MeasuredReplicaChooser(measurements) : options.Proxy.Cluster.ReplicaChooser,
                },
            },
        };
        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(options.Proxy);
        services.AddSingleton(logger);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ProxyHostedService>();
        // Registered before the proxy's service: the actor system starts first and stops last.
        services.AddAkka(ActorSystemName, (akka, sp) => akka
            .AddHocon(options.AkkaConfig, HoconAddMode.Prepend) // its loggers: Serilog
            .WithActors((system, registry) =>
            {
                var proxy = sp.GetRequiredService<ProxyHostedService>().Start(system);
                registry.Register<ClusterActor>(proxy.Cluster);
                registry.Register<ClientListenerActor>(proxy.Listener);
            }));
        services.AddHostedService(sp => sp.GetRequiredService<ProxyHostedService>());
        services.AddSingleton<StatusMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<StatusMonitor>());
        if (options.LatencyLog is { } path)
        {
            services.AddSingleton(sp => new LatencyLogService(
                path, sp.GetRequiredService<StatusMonitor>(), TimeProvider.System, logger));
            services.AddHostedService(sp => sp.GetRequiredService<LatencyLogService>());
        }
        services.AddProsyncRegistry(options.Registry, measurements);
        services.Configure<JsonOptions>(o => o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase);
        services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));

        if (options.Http is { } http)
        {
            builder.WebHost.ConfigureKestrel(k => k.Listen(http));
        }
        else
        {
            services.AddSingleton<IServer, NoHttpServer>();
        }
    }

    /// <summary>Builds the app with the dashboard's files and endpoints mapped.</summary>
    public static WebApplication Build(WebApplicationBuilder builder)
    {
        var app = builder.Build();
        var log = app.Services.GetRequiredService<Serilog.ILogger>().ForContext(typeof(ProsyncApp));
        if (Directory.Exists(WebRoot))
        {
            var files = new PhysicalFileProvider(WebRoot);
            app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
            app.UseStaticFiles(new StaticFileOptions
            {
                FileProvider = files,
                // Revalidate every time (ETags make that cheap), so a new build's dashboard is never stale.
                OnPrepareResponse = c => c.Context.Response.Headers.CacheControl = "no-cache",
            });
        }
        else
        {
            log.Warning("The dashboard's files are missing ({WebRoot}); only the HTTP API is served", WebRoot);
        }
        app.MapProsyncApi();
        app.MapDashboard();
        app.MapProsyncRegistry();

        var options = app.Services.GetRequiredService<ProsyncAppOptions>();
        if (options.Http is not null)
        {
            app.Lifetime.ApplicationStarted.Register(() =>
                log.Information("Dashboard on {Url}  (HTTP API under {Url}/api)", DashboardUrl(app), DashboardUrl(app)));
        }
        return app;
    }

    /// <summary>The dashboard's address once the app has started (the real port when port 0 was asked for).</summary>
    public static string DashboardUrl(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        var url = addresses?.FirstOrDefault() ?? "(none)";
        // A wildcard bind is reachable on loopback; a browser cannot open http://0.0.0.0.
        return url.Replace("://0.0.0.0:", "://127.0.0.1:", StringComparison.Ordinal)
            .Replace("://[::]:", "://[::1]:", StringComparison.Ordinal);
    }
}

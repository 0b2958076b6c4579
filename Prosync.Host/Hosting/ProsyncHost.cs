using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Prosync.Actors.Proxy;
using Prosync.Host.Configuration;
using Serilog;

namespace Prosync.Host.Hosting;

/// <summary>
/// The whole life of the process: flags, configuration, logging, the generic host, exit code.
/// Kept out of Program.cs so tests can run it with their own writers.
/// </summary>
/// <remarks>
/// A plain generic host, not <c>WebApplication</c>: nothing is served over HTTP yet, and a web host
/// would bind http://localhost:5000 by default. The dashboard will switch this to
/// <c>WebApplication.CreateBuilder</c>, which has the same Configuration, Services and Logging.
/// </remarks>
public static class ProsyncHost
{
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        CommandLineOptions flags;
        try
        {
            flags = CommandLine.Parse(args);
        }
        catch (InvalidSettingsException e)
        {
            return Usage(stderr, e.Message);
        }
        if (flags.Help)
        {
            await stdout.WriteAsync(CommandLine.Usage);
            return ExitCode.Ok;
        }

        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = null, // our flags are mapped below; the stock provider would misread them
            ApplicationName = "Prosync",
            // appsettings.json is copied next to the program; `dotnet run --project` runs from elsewhere.
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddInMemoryCollection(flags.ToConfiguration(builder.Configuration));

        ProxyOptions options;
        Serilog.Core.Logger logger;
        try
        {
            var settings = ProsyncSettings.FromConfiguration(builder.Configuration);
            options = new ProxyOptions
            {
                Listen = HostPort.ParseListen(settings.Listen, $"{ProsyncSettings.SectionName}:Listen"),
                Servers = ServerListBuilder.Build(settings, File.ReadAllText),
            };
            logger = SerilogSetup.CreateLogger(builder.Configuration);
        }
        catch (InvalidSettingsException e)
        {
            return Usage(stderr, e.Message);
        }
        catch (InvalidOperationException e) // a Serilog setting it cannot apply
        {
            return Usage(stderr, e.Message);
        }
        if (options.Servers.Count == 0)
        {
            return Usage(stderr,
                "no MPD servers configured. Name at least one, e.g.\n"
                + "  --server 127.0.0.1:6601 --server 127.0.0.1:6602\n"
                + "or list them in a file (--servers-file FILE) or under Prosync:Servers in appsettings.json.");
        }

        Log.Logger = logger;
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Trace); // Serilog's levels decide
        builder.Logging.AddSerilog(logger);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<Serilog.ILogger>(logger);
        builder.Services.AddHostedService<ProxyHostedService>();

        try
        {
            using var host = builder.Build();
            var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
            try
            {
                await host.RunAsync();
                return ExitCode.Ok;
            }
            catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
            {
                logger.Information("Stopped before start-up completed");
                return ExitCode.Ok;
            }
        }
        catch (Exception e)
        {
            logger.Fatal("Prosync failed: {Error}", Describe(e));
            logger.Debug(e, "Details of the failure");
            return ExitCode.Failed;
        }
        finally
        {
            await Log.CloseAndFlushAsync();
        }
    }

    private static int Usage(TextWriter stderr, string message)
    {
        stderr.WriteLine($"error: {message}");
        stderr.WriteLine("Run with --help for usage.");
        return ExitCode.BadUsage;
    }

    private static string Describe(Exception e)
    {
        while (e is AggregateException { InnerExceptions.Count: 1 } a)
        {
            e = a.InnerExceptions[0];
        }
        var where = e is NotImplementedException && e.TargetSite is { } site
            ? $" (in {site.DeclaringType?.Name}.{site.Name})"
            : "";
        return $"{e.GetType().Name}: {e.Message}{where}";
    }
}

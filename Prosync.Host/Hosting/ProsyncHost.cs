using System.Net;
using System.Runtime.InteropServices;
using Akka.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Prosync.Actors.Cluster;
using Prosync.Actors.Proxy;
using Prosync.Actors.Servers;
using Prosync.Host.Configuration;
using Prosync.Host.Demo;
using Prosync.Host.Lab;
using Serilog;

namespace Prosync.Host.Hosting;

/// <summary>
/// The whole life of the process: flags, configuration, logging, the demo rooms when no server is configured,
/// the web host (<see cref="ProsyncApp"/>: proxy, dashboard, API, latency log), exit code. Kept out of
/// Program.cs so tests can run it with their own writers and a cancellation token for Ctrl-C.
/// </summary>
public static class ProsyncHost
{
    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
        => RunAsync(args, stdout, stderr, CancellationToken.None);

    /// <param name="stop">Stops Prosync as Ctrl-C does.</param>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken stop)
    {
        // Verbs: other programs of the same binary, each parsing its own flags.
        switch (args.FirstOrDefault())
        {
            case "agent":
                return await Agent.AgentCommand.RunAsync(args[1..], stdout, stderr, stop);
            case "fetch":
                return await Registry.FetchCommand.RunAsync(args[1..], stdout, stderr, stop);
            case "upload":
                return await Library.UploadCommand.RunAsync(args[1..], stdout, stderr, stop);
        }

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

        var builder = ProsyncApp.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(flags.ToConfiguration(builder.Configuration));

        ProsyncSettings settings;
        IPEndPoint listen;
        IPEndPoint? http;
        IReadOnlyList<ServerEndpoint> servers;
        bool demo;
        (ReadPolicy Policy, string? Server) readPolicy;
        Serilog.Core.Logger logger;
        Config akkaConfig;
        Registry.RegistryOptions registry;
        try
        {
            settings = ProsyncSettings.FromConfiguration(builder.Configuration);
            listen = HostPort.ParseListen(settings.Listen, $"{ProsyncSettings.SectionName}:Listen");
            http = CommandLine.IsNone(settings.Http) ? null : HostPort.ParseListen(settings.Http, $"{ProsyncSettings.SectionName}:Http");
            servers = ServerListBuilder.Build(settings, File.ReadAllText);
            demo = settings.Demo.Enabled || servers.Count == 0;
            readPolicy = Syntax.ParseReadPolicy(settings.ReadPolicy, $"{ProsyncSettings.SectionName}:ReadPolicy");
            if (readPolicy.Server is { } fixedRoom && !demo && servers.All(s => s.Name != fixedRoom))
            {
                throw new InvalidSettingsException(
                    $"{ProsyncSettings.SectionName}:ReadPolicy: no server is named '{fixedRoom}' (servers: {string.Join(", ", servers.Select(s => s.Name))})");
            }
            logger = SerilogSetup.CreateLogger(builder.Configuration);
            akkaConfig = LoadAkkaConfig(settings.AkkaConfig);
            registry = Registry.RegistryOptionsFromSettings.Build(settings.Registry);
        }
        catch (AkkaConfigException e)
        {
            return Usage(stderr, e.Message);
        }
        catch (InvalidSettingsException e)
        {
            return Usage(stderr, e.Message);
        }
        catch (InvalidOperationException e) // a Serilog setting it cannot apply
        {
            return Usage(stderr, e.Message);
        }

        if (demo && DemoPrerequisites.Missing(ExternalProcess.FindOnPath) is { Count: > 0 } missing)
        {
            return Usage(stderr, DemoPrerequisites.Explain(missing, noServers: servers.Count == 0));
        }

        Log.Logger = logger;
        DemoRooms? rooms = null;
        try
        {
            if (demo)
            {
                if (servers.Count > 0)
                {
                    logger.Warning("--demo: the {Count} configured server(s) are not used", servers.Count);
                }
                rooms = await StartDemoRoomsAsync(logger, stop);
                if (rooms is null)
                {
                    return ExitCode.Ok; // interrupted while starting
                }
                servers = rooms.Endpoints;
                listen = DemoRooms.FreeIfTaken(listen, "MPD clients", logger);
                http = http is null ? null : DemoRooms.FreeIfTaken(http, "the dashboard", logger);
            }

            var options = new ProsyncAppOptions
            {
                Proxy = new ProxyOptions
                {
                    Listen = listen,
                    Servers = servers,
                    // The demo's rooms come and go with it: they must not replace a real house's layout.
                    StateFile = rooms is null ? StateFilePath(settings.StateFile) : null,
                    Cluster = ClusterOptions.Default with { ReadPolicy = readPolicy.Policy, ReadServer = readPolicy.Server },
                },
                Http = http,
                LatencyLog = string.IsNullOrWhiteSpace(settings.LatencyLog) ? null : settings.LatencyLog.Trim(),
                AkkaConfig = akkaConfig,
                Registry = registry,
            };
            ProsyncApp.Configure(builder, options, logger);
            await using var app = ProsyncApp.Build(builder);
            try
            {
                await app.StartAsync(stop);
                if (rooms is not null)
                {
                    _ = DemoGuide.WelcomeAsync(app, rooms, settings.Demo.OpenBrowser, logger, app.Lifetime.ApplicationStopping);
                }
                await app.WaitForShutdownAsync(stop);
                return ExitCode.Ok;
            }
            catch (OperationCanceledException) when (app.Lifetime.ApplicationStopping.IsCancellationRequested || stop.IsCancellationRequested)
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
            if (rooms is not null)
            {
                await rooms.DisposeAsync();
            }
            await Log.CloseAndFlushAsync();
        }
    }

    /// <summary>
    /// Starts the demo rooms; Ctrl-C or SIGTERM meanwhile (before the host handles them) stops cleanly and
    /// returns null.
    /// </summary>
    private static async Task<DemoRooms?> StartDemoRoomsAsync(Serilog.ILogger logger, CancellationToken stop)
    {
        using var interrupted = CancellationTokenSource.CreateLinkedTokenSource(stop);
        void Interrupt(PosixSignalContext context)
        {
            context.Cancel = true;
            interrupted.Cancel();
        }
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Interrupt);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Interrupt);
        try
        {
            return await DemoRooms.StartAsync(DemoRooms.DefaultRooms, logger, interrupted.Token);
        }
        catch (OperationCanceledException) when (interrupted.IsCancellationRequested)
        {
            logger.Information("Stopped while starting the demo rooms");
            return null;
        }
    }

    /// <summary>The actor system's settings, with Prosync's own block checked now: a bad value is a usage error, not a failed start.</summary>
    private static Config LoadAkkaConfig(string? path)
    {
        path = string.IsNullOrWhiteSpace(path) ? null : path.Trim();
        var config = AkkaConfig.Load(path);
        try
        {
            _ = ServerBackoff.FromConfig(config);
        }
        catch (ConfigurationException e)
        {
            throw new AkkaConfigException($"{path ?? AkkaConfig.DefaultPath}: {e.Message}", e);
        }
        return config;
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

    /// <summary>The rooms' state file: as configured, none for <c>none</c>, else under the XDG state directory.</summary>
    private static string? StateFilePath(string? configured)
    {
        if (string.Equals(configured?.Trim(), "none", StringComparison.OrdinalIgnoreCase)) return null;
        if (!string.IsNullOrWhiteSpace(configured)) return configured.Trim();
        var stateHome = Environment.GetEnvironmentVariable("XDG_STATE_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state");
        return Path.Combine(stateHome, "prosync", "rooms.json");
    }
}

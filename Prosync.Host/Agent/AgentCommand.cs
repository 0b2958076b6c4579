using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Prosync.Host.Configuration;
using Prosync.Host.Hosting;
using Serilog;

namespace Prosync.Host.Agent;

/// <summary>
/// The <c>agent</c> verb: the room-side process of the registry (docs/registry-protocol.md). An HTTP server over the
/// room's music directory plus the registration loop; Ctrl-C or SIGTERM says goodbye to the registry and stops.
/// </summary>
public static class AgentCommand
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken stop)
    {
        AgentOptions options;
        try
        {
            options = AgentCommandLine.Parse(args);
        }
        catch (InvalidSettingsException e)
        {
            await stderr.WriteLineAsync($"error: agent: {e.Message}");
            await stderr.WriteLineAsync("Run with agent --help for usage.");
            return ExitCode.BadUsage;
        }
        if (options.Help)
        {
            await stdout.WriteAsync(AgentCommandLine.Usage);
            return ExitCode.Ok;
        }

        var builder = ProsyncApp.CreateBuilder();
        var logger = SerilogSetup.CreateLogger(builder.Configuration);
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        builder.Logging.AddSerilog(logger);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(options.Listen);
            k.Limits.MaxRequestBodySize = null; // music files are large; the PUT streams them to disk
        });
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<Serilog.ILogger>(logger);
        builder.Services.AddSingleton(new AgentMpd(options.Mpd));
        builder.Services.AddSingleton<FileChecksums>();
        builder.Services.AddSingleton<AgentFiles>();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));

        try
        {
            await using var app = builder.Build();
            app.Services.GetRequiredService<AgentFiles>().Map(app);
            await app.StartAsync(stop);

            var bound = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            var route = RouteAddressTowards(options.Registry);
            var agentUrl = options.Advertise ?? new UriBuilder(bound) { Host = IsWildcard(options.Listen.Address) ? Bracket(route) : bound.Host }.Uri;
            var mpdAddress = IsLoopback(options.Mpd.Host) && !IsLoopback(options.Registry.Host)
                ? new HostPort(route.ToString(), options.Mpd.Port).ToString()
                : options.Mpd.ToString();
            logger.Information("Agent {Name} listening on {Url} (advertised as {Advertised}; music directory {Dir}, mpd {Mpd})",
                options.Name, bound.ToString().TrimEnd('/'), agentUrl.ToString().TrimEnd('/'), options.MusicDirectory, options.Mpd.ToString());

            using var http = new HttpClient();
            var loop = new RegistrationLoop(options, agentUrl, mpdAddress, http, logger);
            using var stopping = CancellationTokenSource.CreateLinkedTokenSource(stop, app.Lifetime.ApplicationStopping);
            var registration = loop.RunAsync(stopping.Token);
            await app.WaitForShutdownAsync(stop);
            await stopping.CancelAsync();
            await registration;
            await loop.SayGoodbyeAsync();
            return ExitCode.Ok;
        }
        catch (IOException e) // Kestrel could not bind
        {
            logger.Fatal("Agent failed: {Error}", e.Message);
            return ExitCode.Failed;
        }
        finally
        {
            await logger.DisposeAsync();
        }
    }

    /// <summary>The local address this machine uses to reach the registry: what the proxy can reach the agent on.</summary>
    private static IPAddress RouteAddressTowards(HostPort registry)
    {
        try
        {
            using var probe = new Socket(SocketType.Dgram, ProtocolType.Udp);
            probe.Connect(registry.Host, registry.Port); // UDP: nothing is sent, only the route is looked up
            var address = ((IPEndPoint)probe.LocalEndPoint!).Address;
            return address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        }
        catch (SocketException)
        {
            return IPAddress.Loopback;
        }
    }

    private static bool IsWildcard(IPAddress address) => address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any);

    private static bool IsLoopback(string host)
        => host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));

    private static string Bracket(IPAddress address) => address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
}

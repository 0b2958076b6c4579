using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Prosync.Actors.Proxy;
using Prosync.Host.Hosting;
using Prosync.Host.Lab;
using Prosync.Host.Registry;
using Serilog;

namespace Prosync.Actors.Tests.Registry;

/// <summary>
/// A proxy (the production composition, in this process, HTTP on a free port) with one configured room, and more
/// real MPD servers, each with its own copy of the test library, for agents to register. Everything is torn down
/// on dispose, agents included.
/// </summary>
public sealed class RegistryLab : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _owned = [];
    private readonly List<string> _directories = [];

    private RegistryLab(WebApplication app, ProxyServer proxy, Uri http, MpdProcess home)
    {
        App = app;
        Proxy = proxy;
        Http = new HttpClient { BaseAddress = http, Timeout = TimeSpan.FromSeconds(30) };
        Home = home;
    }

    public WebApplication App { get; }

    public ProxyServer Proxy { get; }

    /// <summary>The proxy's HTTP API.</summary>
    public HttpClient Http { get; }

    /// <summary>The registry's address, as an agent's <c>--registry</c>.</summary>
    public string Registry => $"{Http.BaseAddress!.Host}:{Http.BaseAddress.Port}";

    /// <summary>The configured room (no agent).</summary>
    public MpdProcess Home { get; }

    /// <param name="httpPort">The proxy's HTTP port; 0 picks a free one.</param>
    /// <param name="homeHasMusicDirectory">Give the configured room the library as its local music directory (file access without an agent).</param>
    public static async Task<RegistryLab> StartAsync(MusicLibrary library, RegistryOptions registry, int httpPort = 0, bool homeHasMusicDirectory = false)
    {
        var home = await MpdProcess.StartAsync(library, new MpdProcessOptions { Name = "home" });
        var builder = ProsyncApp.CreateBuilder();
        ProsyncApp.Configure(builder, new ProsyncAppOptions
        {
            Proxy = new ProxyOptions
            {
                Listen = new IPEndPoint(IPAddress.Loopback, 0),
                Servers = [new ServerEndpoint("home", home.Host, home.Port) { MusicDirectory = homeHasMusicDirectory ? library.RootDirectory : null }],
            },
            Http = new IPEndPoint(IPAddress.Loopback, httpPort),
            Registry = registry,
        }, new LoggerConfiguration().CreateLogger());
        var app = ProsyncApp.Build(builder);
        try
        {
            await app.StartAsync();
            var proxy = app.Services.GetRequiredService<ProxyHostedService>().Proxy!;
            await proxy.WaitForInSyncAsync(1, TimeSpan.FromSeconds(20));
            var lab = new RegistryLab(app, proxy, new Uri(ProsyncApp.DashboardUrl(app) + "/"), home);
            lab._owned.Add(home);
            return lab;
        }
        catch
        {
            await app.StopAsync();
            await app.DisposeAsync();
            await home.DisposeAsync();
            throw;
        }
    }

    /// <summary>A room (its own music directory and MPD) for an agent started before the lab, disposed by the caller.</summary>
    public static async Task<(MpdProcess Mpd, string MusicDirectory)> StartLoneRoomAsync(MusicLibrary library, string name)
    {
        var dir = Path.Combine(Path.GetTempPath(), "prosync-testkit", $"music-{name}-{Guid.NewGuid():N}"[..40]);
        Directory.CreateDirectory(dir);
        File.Copy(Path.Combine(library.RootDirectory, library.Tracks[0].Uri), Path.Combine(dir, "only.flac"));
        return (await MpdProcess.StartAsync(dir, new MpdProcessOptions { Name = name }), dir);
    }

    /// <summary>A room's own music directory (a copy of the library) and its MPD over it.</summary>
    public async Task<(MpdProcess Mpd, string MusicDirectory)> StartRoomAsync(MusicLibrary library, string name, IReadOnlyList<string>? omit = null)
    {
        var dir = Path.Combine(Path.GetTempPath(), "prosync-testkit", $"music-{name}-{Guid.NewGuid():N}"[..40]);
        _directories.Add(dir);
        foreach (var file in Directory.EnumerateFiles(library.RootDirectory, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(library.RootDirectory, file);
            if (omit?.Contains(relative.Replace(Path.DirectorySeparatorChar, '/')) == true)
            {
                continue;
            }
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(dir, relative))!);
            File.Copy(file, Path.Combine(dir, relative));
        }
        var mpd = await MpdProcess.StartAsync(dir, new MpdProcessOptions { Name = name });
        _owned.Add(mpd);
        return (mpd, dir);
    }

    public async Task<AgentProcess> StartAgentAsync(string name, MpdProcess mpd, string musicDirectory, double keepaliveSeconds = 1,
        string? advertise = null, int listenPort = 0)
    {
        var agent = await AgentProcess.StartAsync(name, Registry, $"{mpd.Host}:{mpd.Port}", musicDirectory, keepaliveSeconds, advertise, listenPort);
        _owned.Insert(0, agent); // agents stop before their MPD servers
        return agent;
    }

    /// <summary>An agent for a room whose MPD is reached at <paramref name="mpdPort"/> on loopback (a relay in front of it).</summary>
    public async Task<AgentProcess> StartAgentAsync(string name, int mpdPort, string musicDirectory, string? advertise, int listenPort)
    {
        var agent = await AgentProcess.StartAsync(name, Registry, $"127.0.0.1:{mpdPort}", musicDirectory, 1, advertise, listenPort);
        _owned.Insert(0, agent);
        return agent;
    }

    public T Own<T>(T disposable)
        where T : IAsyncDisposable
    {
        _owned.Insert(0, disposable);
        return disposable;
    }

    /// <summary>The rooms the proxy has (<c>GET /api/servers</c>).</summary>
    public async Task<IReadOnlyList<string>> RoomsAsync()
    {
        var servers = await Http.GetFromJsonAsync<JsonElement>("api/servers");
        return [.. servers.EnumerateArray().Select(s => s.GetProperty("name").GetString()!)];
    }

    /// <summary>The registered replicas' names (<c>GET /api/registry/replicas</c>).</summary>
    public async Task<IReadOnlyList<string>> ReplicasAsync()
    {
        var replicas = await Http.GetFromJsonAsync<JsonElement>("api/registry/replicas");
        return [.. replicas.EnumerateArray().Select(s => s.GetProperty("name").GetString()!)];
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        foreach (var owned in _owned.Where(o => o is AgentProcess))
        {
            await owned.DisposeAsync();
        }
        await App.StopAsync();
        await App.DisposeAsync();
        foreach (var owned in _owned.Where(o => o is not AgentProcess))
        {
            await owned.DisposeAsync();
        }
        foreach (var dir in _directories)
        {
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}

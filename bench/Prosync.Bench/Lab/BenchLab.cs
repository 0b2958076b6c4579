using System.Collections.Concurrent;
using Prosync.Actors.Proxy;
using Prosync.Bench.Measure;
using Prosync.Host.Lab;

namespace Prosync.Bench.Lab;

/// <summary>
/// N real MPD servers, each behind a latency-injecting relay with its link profile, each watched on a direct
/// (not relayed) idle connection; the proxy under test connects to the relays.
/// </summary>
public sealed class BenchLab : IAsyncDisposable
{
    private readonly List<EffectWatcher> _watchers = [];
    private LinkBurstDriver? _bursts;

    private readonly MpdProcessGroup _servers;

    private BenchLab(MpdProcessGroup servers, string profileName, BurstModel burstModel)
    {
        _servers = servers;
        ProfileName = profileName;
        BurstModel = burstModel;
        var factory = LinkProfiles.ByName(profileName);
        Profiles = Enumerable.Range(0, servers.Count).Select(i => factory(i, servers.Count)).ToArray();
    }

    public IReadOnlyList<MpdProcess> Servers => _servers;

    public string ProfileName { get; }

    public BurstModel BurstModel { get; }

    /// <summary>Each link's profile as specified (including bursts, whichever model applies them).</summary>
    public IReadOnlyList<LinkProfile> Profiles { get; }

    public IReadOnlyList<LatencyRelay> Relays { get; private set; } = [];

    public EffectLog Effects { get; } = new();

    /// <summary>Every relay write's lateness (ms after its due time), for the lab-precision figures.</summary>
    public ConcurrentQueue<double> RelayLateness { get; } = new();

    public IReadOnlyList<LinkBurst> LinkBursts => _bursts?.Bursts ?? [];

    public int Count => Servers.Count;

    public static string NameOf(int server) => $"room{server + 1}";

    /// <summary>The proxy's view: each room at its relay.</summary>
    public IReadOnlyList<ServerEndpoint> Endpoints =>
        Relays.Select((r, i) => new ServerEndpoint(NameOf(i), "127.0.0.1", r.Port)).ToArray();

    private static async Task<BenchLab> StartAsync(BenchLibrary library, int count, string profileName, BurstModel burstModel, int seed)
    {
        var servers = await MpdProcessGroup.StartAsync(library.MusicDirectory, Enumerable.Range(0, count).Select(NameOf).ToArray(),
            new MpdProcessOptions { LogLevel = "default", StartTimeout = TimeSpan.FromSeconds(60) });

        foreach (var server in servers)
        {
            CpuAffinity.Release(server.ProcessId);
        }

        var lab = new BenchLab(servers, profileName, burstModel);
        var relays = new List<LatencyRelay>();
        for (var i = 0; i < count; i++)
        {
            var profile = burstModel == BurstModel.PerLink ? LinkBurstDriver.Calm(lab.Profiles[i]) : lab.Profiles[i];
            var relay = LatencyRelay.Start(servers[i].Host, servers[i].Port, profile, seed * 1000 + i);
            relay.LatenessLog = lab.RelayLateness;
            relays.Add(relay);
            lab._watchers.Add(new EffectWatcher(i, servers[i].Host, servers[i].Port, lab.Effects));
        }

        lab.Relays = relays;
        if (burstModel == BurstModel.PerLink)
        {
            lab._bursts = new LinkBurstDriver(relays, lab.Profiles, seed);
        }

        foreach (var watcher in lab._watchers)
        {
            if (!watcher.WaitReady(TimeSpan.FromSeconds(10)))
            {
                throw new TimeoutException($"idle watcher of port {watcher.Port} did not connect");
            }
        }

        return lab;
    }

    /// <summary><see cref="StartAsync"/>, then <see cref="PreparePlaybackAsync"/>: every room playing the bench tracks.</summary>
    public static async Task<BenchLab> StartPlayingAsync(BenchLibrary library, int count, string profileName, BurstModel burstModel, int seed)
    {
        var lab = await StartAsync(library, count, profileName, burstModel, seed);
        try
        {
            await lab.PreparePlaybackAsync();
        }
        catch
        {
            await lab.DisposeAsync();
            throw;
        }

        return lab;
    }

    /// <summary>
    /// The same state in every room, set directly (not through a proxy): the bench tracks queued, playing from
    /// the start, repeat on, volume 60. The first proxy adopts it.
    /// </summary>
    private async Task PreparePlaybackAsync()
    {
        var script = string.Join("\n", new[] { "stop", "clear" }
            .Concat(BenchLibrary.Tracks.Select(t => $"add \"{t}\""))
            .Concat(["repeat 1", "random 0", "single 0", "consume 0", "setvol 60", "play 0"]));
        await Task.WhenAll(Servers.Select(s => s.SendAsync(script)));
    }

    /// <summary>Reconnects the idle watcher of one server (after it was restarted) and waits until it idles.</summary>
    public bool WaitWatching(int server, TimeSpan timeout) => _watchers[server].WaitReady(timeout);

    public async ValueTask DisposeAsync()
    {
        _bursts?.Dispose();
        foreach (var watcher in _watchers)
        {
            watcher.Dispose();
        }

        foreach (var relay in Relays)
        {
            await relay.DisposeAsync();
        }

        await _servers.DisposeAsync();
    }
}

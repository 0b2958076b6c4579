using System.Diagnostics;
using Prosync.Actors.Cluster;
using Prosync.Actors.Proxy;
using Prosync.Actors.Servers;
using Prosync.Bench.Lab;
using Prosync.Bench.Measure;
using Prosync.Bench.Skew;
using Prosync.Host.Lab;

namespace Prosync.Bench.Continuity;

/// <summary>
/// One arm of the continuity section: rooms on clocks of their own (<see cref="PpmSink"/>), each behind a latency relay
/// (none for the floor), watched by <see cref="RoomPoller"/>s on direct connections, and (once started) an in-process
/// proxy over the relays.
/// </summary>
public sealed class ContinuityArm : IAsyncDisposable
{
    private readonly List<LatencyRelay> _relays = [];
    private readonly List<RoomPoller> _pollers = [];
    private readonly List<(double AtMs, int[] Corrections)> _corrections = [];
    private readonly List<ProxyView> _views = [];

    /// <summary>What the proxy believed at one instant: the primary, and each room's position error against it (ms, + ahead), null if it had none.</summary>
    public sealed record ProxyView(double AtMs, string? Primary, double?[] ErrorMs);

    private ContinuityArm(string name, bool? correcting, double[] ppm, MpdProcessGroup rooms)
    {
        Name = name;
        Correcting = correcting;
        Ppm = ppm;
        Rooms = rooms;
    }

    public string Name { get; }

    /// <summary>Continuity on (true), off (false), or no proxy at all (null: the floor).</summary>
    public bool? Correcting { get; }

    public double[] Ppm { get; }

    public MpdProcessGroup Rooms { get; }

    public InProcessProxy? Proxy { get; private set; }

    public List<ArmEvent> Events { get; } = [];

    public ClusterStatus? LastStatus { get; private set; }

    public IReadOnlyList<RoomPoller> Pollers => _pollers;

    public static string NameOf(int room) => $"room{room + 1}";

    public static async Task<ContinuityArm> StartAsync(string name, bool? correcting, double[] ppm, string musicDirectory, string? link, int seed)
    {
        var prefix = name.Replace(' ', '-');
        var starts = ppm.Select((p, i) => MpdProcess.StartAsync(musicDirectory,
            new MpdProcessOptions { Name = $"{prefix}-{NameOf(i)}", LogLevel = "default", StartTimeout = TimeSpan.FromSeconds(60), ClockPpm = p })).ToArray();
        var rooms = await GroupAsync(starts);
        var arm = new ContinuityArm(name, correcting, ppm, rooms);
        foreach (var room in rooms)
        {
            CpuAffinity.Release(room.ProcessId);
        }

        if (link is not null)
        {
            var factory = LinkProfiles.ByName(link);
            for (var i = 0; i < rooms.Count; i++)
            {
                arm._relays.Add(LatencyRelay.Start(rooms[i].Host, rooms[i].Port, factory(i, rooms.Count), (seed * 1000) + i));
            }
        }

        return arm;
    }

    private static async Task<MpdProcessGroup> GroupAsync(Task<MpdProcess>[] starts)
    {
        // MpdProcessGroup starts rooms with one option set; ours differ in ClockPpm, so start them here and wrap.
        try
        {
            await Task.WhenAll(starts);
        }
        catch
        {
            await Task.WhenAll(starts.Where(s => s.IsCompletedSuccessfully).Select(s => s.Result.DisposeAsync().AsTask()));
            throw;
        }

        return MpdProcessGroup.Wrap(starts.Select(s => s.Result).ToArray());
    }

    /// <summary>The bench tracks queued in every room, repeat on, volume 60, not playing yet: set directly, not through a proxy.</summary>
    public Task LoadQueuesAsync()
    {
        var script = string.Join("\n", new[] { "stop", "clear" }
            .Concat(BenchLibrary.Tracks.Select(t => $"add \"{t}\""))
            .Concat(["repeat 1", "random 0", "single 0", "consume 0", "setvol 60"]));
        return Task.WhenAll(Rooms.Select(s => s.SendAsync(script)));
    }

    public void StartPolling(int seed)
    {
        for (var i = 0; i < Rooms.Count; i++)
        {
            _pollers.Add(new RoomPoller($"{Name}-{NameOf(i)}", Rooms[i].Host, Rooms[i].Port, seed + i));
        }
    }

    public async Task StartProxyAsync(Serilog.ILogger log)
    {
        if (Correcting is not { } on)
        {
            return;
        }

        var endpoints = _relays.Select((r, i) => new ServerEndpoint(NameOf(i), "127.0.0.1", r.Port)).ToArray();
        var options = ClusterOptions.Default with { Continuity = ClusterOptions.Default.Continuity with { Enabled = on } };
        Proxy = await InProcessProxy.StartAsync(endpoints, options, log.ForContext("Arm", Name), TimeSpan.FromSeconds(60));
    }

    /// <summary>Sends one command through the proxy on a fresh connection; returns the MPD error, if any.</summary>
    public string? Send(string command)
    {
        if (Proxy is null)
        {
            return "no proxy";
        }

        using var client = MpdClient.Connect("127.0.0.1", Proxy.Port);
        return client.Send(command).Error;
    }

    /// <summary>Samples the proxy's status: corrections per room over time, and the last status.</summary>
    public async Task SampleStatusAsync(double nowMs)
    {
        if (Proxy is null)
        {
            return;
        }

        var status = await Proxy.Server.GetStatusAsync();
        LastStatus = status;
        var byName = status.Servers.ToDictionary(s => s.Name);
        lock (_corrections)
        {
            _corrections.Add((nowMs, Enumerable.Range(0, Rooms.Count).Select(i => byName.TryGetValue(NameOf(i), out var s) ? s.Continuity.Corrections : 0).ToArray()));
            _views.Add(new ProxyView(nowMs, status.Primary,
                Enumerable.Range(0, Rooms.Count).Select(i => byName.TryGetValue(NameOf(i), out var s) ? s.Continuity.PositionErrorMs : null).ToArray()));
        }
    }

    public IReadOnlyList<ProxyView> Views()
    {
        lock (_corrections)
        {
            return [.. _views];
        }
    }

    /// <summary>Corrections of room <paramref name="room"/> in (from, to], and the most in any 60 s of that span.</summary>
    public (int Total, int MaxPerMinute) Corrections(int room, double fromMs, double toMs)
    {
        List<(double AtMs, int Count)> series;
        lock (_corrections)
        {
            series = _corrections.Where(c => c.AtMs >= fromMs - 2500 && c.AtMs <= toMs + 2500).Select(c => (c.AtMs, c.Corrections[room])).ToList();
        }

        if (series.Count == 0)
        {
            return (0, 0);
        }

        // Counts only grow; a restarted room keeps its entry. Guard anyway with running maxima.
        var total = series.Max(s => s.Count) - series[0].Count;
        var maxPerMinute = 0;
        for (var i = 0; i < series.Count; i++)
        {
            var until = series[i].AtMs + 60_000;
            var last = series.Last(s => s.AtMs <= until);
            maxPerMinute = Math.Max(maxPerMinute, last.Count - series[i].Count);
        }

        return (total, maxPerMinute);
    }

    /// <summary>Waits until the proxy has room <paramref name="room"/> in sync (after a restart); returns the instant (ms).</summary>
    public async Task<double> WaitInSyncAsync(int room, TimeSpan timeout)
    {
        var sw = Stopwatch.StartNew();
        while (Proxy is not null && sw.Elapsed < timeout)
        {
            var status = await Proxy.Server.GetStatusAsync();
            if (status.Servers.FirstOrDefault(s => s.Name == NameOf(room)) is { State: ServerState.InSync })
            {
                return RoomPoller.NowMs();
            }

            await Task.Delay(20);
        }

        return RoomPoller.NowMs();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var poller in _pollers)
        {
            poller.Dispose();
        }

        if (Proxy is not null)
        {
            await Proxy.DisposeAsync();
        }

        foreach (var relay in _relays)
        {
            await relay.DisposeAsync();
        }

        await Rooms.DisposeAsync();
    }
}

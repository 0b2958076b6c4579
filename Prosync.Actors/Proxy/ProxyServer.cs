using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Akka.Event;
using Prosync.Actors.Clients;
using Prosync.Actors.Cluster;
using Prosync.Actors.Library;
using Prosync.Actors.Rooms;

namespace Prosync.Actors.Proxy;

/// <summary>
/// The running proxy: the house (a cluster actor per group of rooms, one backoff-supervised actor per MPD server) and the client listener,
/// in an actor system. Start it, point MPD clients at <see cref="LocalEndPoint"/>, dispose it to stop.
/// The host starts it in the actor system Akka.Hosting built; tests and the bench let it build its own.
/// </summary>
public sealed class ProxyServer : IAsyncDisposable
{
    /// <summary>The actors' names under /user (the host registers them under their types too).</summary>
    public const string ClusterName = "cluster", ListenerName = "clients";

    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);

    private readonly ActorSystem _system;
    private readonly bool _ownsSystem;
    private readonly PendingUploadStore? _pendingUploads;

    private ProxyServer(ActorSystem system, bool ownsSystem, IActorRef cluster, IActorRef listener, IPEndPoint localEndPoint,
        PendingUploadStore? pendingUploads)
    {
        _pendingUploads = pendingUploads;
        _system = system;
        _ownsSystem = ownsSystem;
        Cluster = cluster;
        Listener = listener;
        LocalEndPoint = localEndPoint;
    }

    /// <summary>Where MPD clients connect (the real port when port 0 was asked for).</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>The house actor (<see cref="HouseActor"/>), for status queries and operations; it answers what a cluster does.</summary>
    public IActorRef Cluster { get; }

    /// <summary>The client listener actor (owns the listening socket and the sessions).</summary>
    public IActorRef Listener { get; }

    /// <summary>Starts the proxy in an actor system of its own, configured by <see cref="AkkaConfig.Load"/>.</summary>
    public static async Task<ProxyServer> StartAsync(ProxyOptions options, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        var system = ActorSystem.Create("prosync", AkkaConfig.Load());
        try
        {
            return Start(system, options, ownsSystem: true);
        }
        catch
        {
            await system.Terminate();
            throw;
        }
    }

    /// <summary>Starts the proxy's actors in <paramref name="system"/>, which the caller owns (the host's).</summary>
    public static ProxyServer Start(ActorSystem system, ProxyOptions options) => Start(system, options, ownsSystem: false);

    private static ProxyServer Start(ActorSystem system, ProxyOptions options, bool ownsSystem)
    {
        var layout = LoadLayout(options, out var store);
        var pendingUploads = OpenPendingUploads(options, system);
        var clusterOptions = pendingUploads is null ? options.Cluster : options.Cluster with { PendingUploads = pendingUploads };
        // Bound here, before any actor runs, so a taken port fails the start and the caller learns the real port.
        var listener = new TcpListener(options.Listen);
        listener.Start(backlog: 128);
        var bound = (IPEndPoint)listener.LocalEndpoint;
        var cluster = system.ActorOf(HouseActor.Props(options.Servers, clusterOptions, layout, store), ClusterName);
        var clients = system.ActorOf(ClientListenerActor.Props(listener, cluster, options.ClientTimeout), ListenerName);
        return new ProxyServer(system, ownsSystem, cluster, clients, bound, pendingUploads);
    }

    /// <summary>
    /// The uploads rooms still wait for, kept next to the state file (<see cref="ProxyOptions.PendingUploadsDirectory"/>);
    /// none without one. An upload whose staged file is gone is said and dropped.
    /// </summary>
    /// <exception cref="InvalidDataException">The list there is not one.</exception>
    private static PendingUploadStore? OpenPendingUploads(ProxyOptions options, ActorSystem system)
    {
        if (options.PendingUploadsDirectory is not { } directory) return null;
        var store = PendingUploadStore.Open(directory, [.. options.Servers.Select(s => s.Name)], out var lost);
        foreach (var upload in lost)
            system.Log.Error("The upload of {Path} some rooms waited for is lost: its staged file {File} is gone", upload.Path, upload.StagedFile);
        return store;
    }

    /// <summary>
    /// The rooms' layout from the state file (read before any actor runs), fitted to the configured rooms: rooms no
    /// longer configured are dropped, new ones join the default group.
    /// </summary>
    /// <exception cref="InvalidDataException">The state file is not one.</exception>
    private static HouseLayout LoadLayout(ProxyOptions options, out HouseLayoutStore? store)
    {
        store = options.StateFile is { } path ? new HouseLayoutStore(path) : null;
        var layout = store?.Load() ?? new HouseLayout();
        layout.Reconcile(options.Servers.Select(s => (s.Name, s.Trim)));
        store?.Save(layout);
        return layout;
    }

    public Task<ClusterStatus> GetStatusAsync() => Cluster.Ask<ClusterStatus>(GetClusterStatus.Instance, TimeSpan.FromSeconds(5));

    /// <summary>Completes when at least <paramref name="servers"/> servers are in sync.</summary>
    public async Task WaitForInSyncAsync(int servers, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            var status = await GetStatusAsync();
            if (status.InSyncCount >= servers) return;
            if (cts.IsCancellationRequested)
                throw new TimeoutException($"only {status.InSyncCount} of {servers} servers in sync after {timeout}: " +
                    string.Join(", ", status.Servers.Select(s => $"{s.Name} {s.State}")));
            await Task.Delay(20, CancellationToken.None);
        }
    }

    /// <summary>Stops the listener (and its sessions), then the cluster; an actor system of its own is shut down.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_ownsSystem) await CoordinatedShutdown.Get(_system).Run(CoordinatedShutdown.ClrExitReason.Instance);
        else
        {
            await StopAsync(Listener);
            await StopAsync(Cluster);
        }
        // What the rooms still wait for is on disk before the proxy is gone (a write takes a millisecond or two).
        _pendingUploads?.Flush(StopTimeout);
    }

    private static async Task StopAsync(IActorRef actor)
    {
        try
        {
            await actor.GracefulStop(StopTimeout);
        }
        catch (TaskCanceledException)
        {
            // Not stopped in time: the actor system's own shutdown stops it.
        }
    }
}

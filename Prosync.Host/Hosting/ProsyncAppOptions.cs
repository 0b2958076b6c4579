using System.Net;
using Akka.Configuration;
using Prosync.Actors.Proxy;

namespace Prosync.Host.Hosting;

/// <summary>What <see cref="ProsyncApp"/> runs: the proxy, and around it the dashboard and the latency log.</summary>
public sealed record ProsyncAppOptions
{
    public required ProxyOptions Proxy { get; init; }

    /// <summary>Where the dashboard and HTTP API listen; null turns them off. Port 0 picks a free port.</summary>
    public IPEndPoint? Http { get; init; }

    /// <summary>The TSV file the latency log writes; null for none.</summary>
    public string? LatencyLog { get; init; }

    /// <summary>The actor system's settings (<see cref="AkkaConfig.Load"/>: akka.hocon).</summary>
    /// <summary>The registry of agents' rooms and the replica measurements.</summary>
    public Registry.RegistryOptions Registry { get; init; } = Prosync.Host.Registry.RegistryOptions.Default;

    public Config AkkaConfig { get; init; } = Actors.Proxy.AkkaConfig.Load();
}

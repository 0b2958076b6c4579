using Microsoft.Extensions.DependencyInjection;
using Prosync.Actors.Library;
using Prosync.Actors.Library.Selection;

namespace Prosync.Host.Registry;

/// <summary>The registry's services in the proxy's host: one call from <see cref="Hosting.ProsyncApp"/>.</summary>
public static class RegistryHosting
{
    /// <summary>
    /// The registry, the prober, and the shared <see cref="ReplicaMeasurements"/> with its chooser (as
    /// <see cref="IReplicaChooser"/>: the library's transfers and the cluster's album art rank rooms with it).
    /// </summary>
    public static IServiceCollection AddProsyncRegistry(this IServiceCollection services, RegistryOptions options, ReplicaMeasurements measurements)
    {
        services.AddSingleton(options);
        services.AddSingleton(measurements);
        services.AddSingleton<IReplicaChooser>(sp => new MeasuredReplicaChooser(sp.GetRequiredService<ReplicaMeasurements>()));
        services.AddSingleton<ReplicaRegistry>();
        services.AddHostedService(sp => sp.GetRequiredService<ReplicaRegistry>());
        services.AddSingleton<ReplicaProber>();
        services.AddHostedService(sp => sp.GetRequiredService<ReplicaProber>());
        return services;
    }
}

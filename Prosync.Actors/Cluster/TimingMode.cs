namespace Prosync.Actors.Cluster;

/// <summary>How timed broadcasts choose each server's send instant.</summary>
public enum TimingMode
{
    /// <summary>Delay each copy by the difference of measured one-way delays (plus room offsets): Prosync's way.</summary>
    Compensated,

    /// <summary>Send every copy at the same instant: the baseline a naive proxy gives.</summary>
    Naive,

    /// <summary>Use <see cref="ClusterOptions.FixedDelaysMs"/> (the benchmark's oracle, which knows the injected delays).</summary>
    Fixed,
}

namespace Prosync.Bench.Lab;

/// <summary>Where a profile's delay bursts come from.</summary>
public enum BurstModel
{
    /// <summary>The relay's own model: each connection and direction draws its bursts independently.</summary>
    PerConnection,

    /// <summary><see cref="LinkBurstDriver"/>: one burst process per link, shared by all its connections.</summary>
    PerLink,
}

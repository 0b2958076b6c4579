namespace Prosync.Host.Lab;

/// <summary>
/// PLACEHOLDER until the latency relay lands on main (it replaces this file): how a simulated link delays
/// traffic, one way.
/// </summary>
public sealed record LinkProfile
{
    public double BaseDelayMs { get; init; }

    public double JitterMs { get; init; }
}

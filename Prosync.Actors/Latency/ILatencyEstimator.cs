namespace Prosync.Actors.Latency;

/// <summary>
/// Turns the stream of probe round trips of one path into a latency estimate. Implementations
/// are pure and single-threaded: one instance is owned by one server actor and fed every probe.
/// </summary>
public interface ILatencyEstimator
{
    /// <summary>The registry name (see <see cref="LatencyEstimators.Names"/>).</summary>
    string Name { get; }

    /// <summary>Feeds one answered probe.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The RTT is negative.</exception>
    void Add(LatencySample sample);

    /// <summary>
    /// Reports a probe that timed out. A lost probe carries no RTT, so it never moves the estimate
    /// directly; estimators that work on probe-count batches count it as a used slot.
    /// </summary>
    void AddLoss(TimeSpan sentAt);

    /// <summary>The current estimate, or <see cref="LatencyEstimate.None"/> before the first sample.</summary>
    LatencyEstimate Current { get; }

    /// <summary>Forgets everything, e.g. after a reconnect to a possibly different server.</summary>
    void Reset();
}

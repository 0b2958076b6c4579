using System.Collections.Concurrent;

namespace Prosync.Actors.Library.Selection;

/// <summary>
/// The measurements of every replica, shared by the prober that refreshes them, the transfers that feed their
/// observed rates back, the chooser, and the HTTP API. Thread-safe: each replica's record is swapped atomically.
/// It also knows which replicas have a transfer under way, so the idle prober leaves those alone (a probe then
/// would measure the transfer's contention, not the link).
/// </summary>
public sealed class ReplicaMeasurements(TimeProvider clock) : ITransferMeter
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public ReplicaMeasurements()
        : this(TimeProvider.System)
    {
    }

    public void RecordLatency(string replica, string method, TimeSpan roundTrip)
        => Update(replica, method, e => e with { Latency = e.Latency.Add(roundTrip.TotalMilliseconds) });

    /// <summary>A transfer of <paramref name="bytes"/> in <paramref name="elapsed"/>: a probe's or a real file's.</summary>
    public void RecordThroughput(string replica, string method, long bytes, TimeSpan elapsed)
    {
        if (bytes <= 0 || elapsed <= TimeSpan.Zero)
        {
            return;
        }
        Update(replica, method, e => e with { Throughput = e.Throughput.Add(bytes / elapsed.TotalSeconds) });
    }

    /// <summary>
    /// A real copy read from <paramref name="replica"/>, taken as a throughput sample when it is big enough to say
    /// something (<see cref="TransferSample"/>). Counted in <see cref="ReplicaMeasurement.CopySamples"/> even when the
    /// estimate holds it back as an outlier (a second one alike confirms it).
    /// </summary>
    public void RecordCopy(string replica, string method, long bytes, TimeSpan elapsed)
    {
        if (TransferSample.BytesPerSecond(bytes, elapsed) is not { } rate)
        {
            return;
        }
        Update(replica, method, e => e with { Throughput = e.Throughput.Add(rate), CopySamples = e.CopySamples + 1 });
    }

    /// <summary>Marks a transfer to or from <paramref name="replica"/>; dispose the result when it ends.</summary>
    public IDisposable BeginTransfer(string replica)
    {
        Update(replica, null, e => e with { Transfers = e.Transfers + 1 });
        return new TransferMark(this, replica);
    }

    public bool IsTransferring(string replica) => _entries.TryGetValue(replica, out var e) && e.Transfers > 0;

    public ReplicaMeasurement? Get(string replica)
        => _entries.TryGetValue(replica, out var e) ? e.ToMeasurement(replica) : null;

    public IReadOnlyList<ReplicaMeasurement> Snapshot()
        => _entries.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Value.ToMeasurement(p.Key)).ToList();

    /// <summary>Forgets a replica (its room was removed); a replica that comes back starts unmeasured.</summary>
    public void Forget(string replica) => _entries.TryRemove(replica, out _);

    private void Update(string replica, string? method, Func<Entry, Entry> change)
    {
        var now = clock.GetUtcNow();
        _entries.AddOrUpdate(
            replica,
            _ => Stamp(change(new Entry(SmoothedEstimate.Empty, SmoothedEstimate.Empty, null, method ?? FileTransfer.AgentMethod, 0, 0)), method, now),
            (_, e) => Stamp(change(e), method, now));
    }

    private static Entry Stamp(Entry e, string? method, DateTimeOffset now)
        => method is null ? e : e with { Method = method, MeasuredAt = now };

    private sealed record Entry(SmoothedEstimate Latency, SmoothedEstimate Throughput, DateTimeOffset? MeasuredAt, string Method, int Transfers,
        int CopySamples)
    {
        public ReplicaMeasurement ToMeasurement(string replica)
            => new(replica, Latency.Value, Throughput.Value, MeasuredAt, Method, CopySamples);
    }

    private sealed class TransferMark(ReplicaMeasurements owner, string replica) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Update(replica, null, e => e with { Transfers = Math.Max(0, e.Transfers - 1) });
            }
        }
    }
}

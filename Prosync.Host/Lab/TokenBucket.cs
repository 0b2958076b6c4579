using System.Diagnostics;

namespace Prosync.Host.Lab;

/// <summary>
/// A token bucket: <see cref="BytesPerSecond"/> tokens a second, at most <see cref="Capacity"/> saved up (the burst a
/// link lets through after an idle spell). Thread-safe; <see cref="DelayFor"/> reserves tokens and says how long the
/// caller must wait before sending, so many connections sharing one bucket share its rate.
/// </summary>
public sealed class TokenBucket
{
    private readonly Lock _gate = new();
    private readonly Func<long> _now;
    private double _tokens;
    private long _last;

    /// <param name="now">Stopwatch ticks (a test passes its own clock).</param>
    public TokenBucket(double bytesPerSecond, double capacity, Func<long>? now = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bytesPerSecond);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        BytesPerSecond = bytesPerSecond;
        Capacity = capacity;
        _now = now ?? Stopwatch.GetTimestamp;
        _last = _now();
        _tokens = capacity;
    }

    public double BytesPerSecond { get; }

    public double Capacity { get; }

    /// <summary>Takes <paramref name="bytes"/> tokens (the balance may go negative: later callers wait longer) and returns the wait before they may be sent.</summary>
    public TimeSpan DelayFor(int bytes)
    {
        lock (_gate)
        {
            var now = _now();
            _tokens = Math.Min(Capacity, _tokens + ((now - _last) * BytesPerSecond / Stopwatch.Frequency));
            _last = now;
            _tokens -= bytes;
            return _tokens >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-_tokens / BytesPerSecond);
        }
    }
}

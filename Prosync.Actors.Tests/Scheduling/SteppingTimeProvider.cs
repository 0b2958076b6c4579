namespace Prosync.Actors.Tests.Scheduling;

/// <summary>
/// A fake clock for spin tests: every <see cref="GetTimestamp"/> advances time by a fixed step,
/// so a spin loop on it terminates without real waiting.
/// </summary>
internal sealed class SteppingTimeProvider(long start, long step, long frequency = TimeSpan.TicksPerSecond) : TimeProvider
{
    private long _now = start;

    public int Reads { get; private set; }

    public override long TimestampFrequency => frequency;

    public override long GetTimestamp()
    {
        Reads++;
        long now = _now;
        _now += step;
        return now;
    }
}

using System.Diagnostics;
using System.Globalization;
using Prosync.Bench.Measure;

namespace Prosync.Bench.Continuity;

/// <summary>One <c>status</c> reading: times in ms on the Stopwatch (CLOCK_MONOTONIC) line.</summary>
public readonly record struct StatusSample(double SentMs, double ReceivedMs, double ElapsedMs, char State, int Song, double DurationMs)
{
    public double MidMs => (SentMs + ReceivedMs) / 2;

    /// <summary>Assumed one-way time of a reply on loopback (ms).</summary>
    public const double ReplyOneWayMs = 0.05;

    /// <summary>
    /// elapsed − (receive time − one-way): the room's position at time 0 (ms). The server read elapsed at or
    /// before that instant, so any delay (and elapsed's own lag behind the true position) only makes this
    /// smaller: an upper bound reached from below. (The send/receive midpoint is not: a delay between taking
    /// the send time and the actual send makes a sample too HIGH, which poisons a max.)
    /// </summary>
    public double Offset => ElapsedMs - (ReceivedMs - ReplyOneWayMs);
}

/// <summary>
/// Polls <c>status</c> every <c>period</c> on a connection and thread of its own (period plus sleep jitter,
/// which dithers the phase against MPD's elapsed steps), and keeps every reading; an optional second
/// connection waits in <c>idle player</c> and dates each event.
/// </summary>
public sealed class StatusPoller : IDisposable
{
    private readonly RoomServer room;
    private readonly TimeSpan period;
    private readonly List<StatusSample> samples = new(200_000);
    private readonly List<double> idleEvents = [];
    private readonly Thread thread;
    private readonly Thread idleThread;
    private volatile bool stop;

    public StatusPoller(RoomServer room, TimeSpan period)
    {
        this.room = room;
        this.period = period;
        thread = new Thread(Run) { IsBackground = true, Name = "poll-" + room.Name };
        idleThread = new Thread(RunIdle) { IsBackground = true, Name = "idle-" + room.Name };
        thread.Start();
        idleThread.Start();
    }

    public static double NowMs() => Stopwatch.GetTimestamp() * 1000.0 / Stopwatch.Frequency;

    public StatusSample[] Between(double fromMs, double toMs)
    {
        lock (samples)
        {
            return samples.Where(s => s.MidMs >= fromMs && s.MidMs < toMs).ToArray();
        }
    }

    public StatusSample[] All()
    {
        lock (samples)
        {
            return [.. samples];
        }
    }

    public double[] IdleEventsBetween(double fromMs, double toMs)
    {
        lock (idleEvents)
        {
            return idleEvents.Where(t => t >= fromMs && t < toMs).ToArray();
        }
    }

    private void Run()
    {
        using var client = room.Connect();
        while (!stop)
        {
            var reply = client.Send("status");
            var state = reply.Get("state") switch { "play" => 'P', "pause" => 'Z', "stop" => 'S', _ => '?' };
            var sample = new StatusSample(
                reply.SentAt * 1000.0 / Stopwatch.Frequency,
                reply.ReceivedAt * 1000.0 / Stopwatch.Frequency,
                Parse(reply.Get("elapsed")) * 1000,
                state,
                int.TryParse(reply.Get("song"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var song) ? song : -1,
                Parse(reply.Get("duration")) * 1000);
            lock (samples)
            {
                samples.Add(sample);
            }

            Thread.Sleep(period);
        }
    }

    private void RunIdle()
    {
        try
        {
            using var client = room.Connect(TimeSpan.FromHours(1));
            while (!stop)
            {
                client.Send("idle player");
                lock (idleEvents)
                {
                    idleEvents.Add(NowMs());
                }
            }
        }
        catch (IOException)
        {
            // room stopped
        }
    }

    private static double Parse(string? value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN;

    public void Dispose()
    {
        stop = true;
        thread.Join();
    }
}

using System.Diagnostics;
using System.Globalization;

namespace Prosync.Bench.Measure;

/// <summary>
/// Where each room is in its song, on one time line, to sub-millisecond precision. MPD's <c>elapsed</c> moves in
/// output-chunk steps (~23 ms at 44.1 kHz stereo), so a single reading is ±23 ms. Instead each room is polled
/// with <c>status</c> in a tight loop on its own direct connection and thread; at each step of <c>elapsed</c>
/// the new value is dated by the midpoint between the last poll that saw the old value and the first that saw the
/// new one. offset = elapsed − time (the position the room would report at time 0); rooms are compared by offsets.
/// </summary>
public static class PlaybackPosition
{
    /// <summary>A room's offset (ms) as the median over its steps, with the steps' spread (MAD, ms) and count.</summary>
    public sealed record Reading(double OffsetMs, double SpreadMs, int Steps, string State, int Song);

    public static Reading[] Measure(IReadOnlyList<(string Host, int Port)> rooms, TimeSpan duration)
    {
        var readings = new Reading[rooms.Count];
        var threads = rooms.Select((room, i) => new Thread(() => readings[i] = MeasureOne(room.Host, room.Port, duration))
        {
            IsBackground = true,
            Name = $"bench-position-{i}",
        }).ToArray();
        foreach (var t in threads)
        {
            t.Start();
        }

        foreach (var t in threads)
        {
            t.Join();
        }

        return readings;
    }

    private static Reading MeasureOne(string host, int port, TimeSpan duration)
    {
        using var client = MpdClient.Connect(host, port);
        var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        double? previousElapsed = null;
        var previousMid = 0.0;
        var offsets = new List<double>();
        var state = "";
        var song = -1;
        while (Stopwatch.GetTimestamp() < until)
        {
            var reply = client.Run("status");
            var mid = (reply.SentAt + reply.ReceivedAt) / 2.0 * 1000.0 / Stopwatch.Frequency;
            state = reply.Get("state") ?? "";
            song = int.TryParse(reply.Get("song"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? s : -1;
            if (!double.TryParse(reply.Get("elapsed"), NumberStyles.Float, CultureInfo.InvariantCulture, out var elapsed))
            {
                continue;
            }

            if (previousElapsed is { } before && elapsed != before)
            {
                var stepAt = (previousMid + mid) / 2;
                offsets.Add((elapsed * 1000) - stepAt);
            }

            previousElapsed = elapsed;
            previousMid = mid;
        }

        if (offsets.Count == 0)
        {
            return new Reading(double.NaN, double.NaN, 0, state, song);
        }

        var sorted = offsets.Order().ToArray();
        var median = Summary.Percentile(sorted, 0.5);
        var mad = Summary.Percentile(sorted.Select(o => Math.Abs(o - median)).Order().ToArray(), 0.5);
        return new Reading(median, mad, offsets.Count, state, song);
    }
}

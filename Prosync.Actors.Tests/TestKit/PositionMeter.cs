using System.Diagnostics;
using Prosync.Actors.Protocol;
using Prosync.Actors.Servers;
using Prosync.Host.Lab;

namespace Prosync.Actors.Tests.TestKit;

/// <summary>
/// Measures where each room is in its song, on one clock, independently of the proxy: every room is polled with
/// <c>status</c> on its own direct connection every few ms, and each step of MPD's chunk-stepped <c>elapsed</c> is
/// dated at the midpoint between the last poll that saw the old value and the first that saw the new one. A room's
/// offset (position − time, ms) is the median over its steps; rooms playing the same song are compared by offsets.
/// </summary>
public static class PositionMeter
{
    public sealed record Reading(string Room, double OffsetMs, int Steps, string State, int Song);

    public static async Task<Reading[]> MeasureAsync(IReadOnlyList<MpdProcess> rooms, TimeSpan duration) =>
        await Task.WhenAll(rooms.Select(room => MeasureOneAsync(room, duration)));

    /// <summary>The spread (max − min offset, ms) of the rooms, which must all be playing the same song.</summary>
    public static async Task<(double SpreadMs, string Detail)> SpreadAsync(IReadOnlyList<MpdProcess> rooms, TimeSpan duration)
    {
        var readings = await MeasureAsync(rooms, duration);
        var detail = string.Join(", ", readings.Select(r => $"{r.Room} {r.State} song {r.Song} offset {r.OffsetMs:0.0} ms ({r.Steps} steps)"));
        if (readings.Any(r => r.State != "play" || r.Song != readings[0].Song || r.Steps < 5)) return (double.NaN, detail);
        return (readings.Max(r => r.OffsetMs) - readings.Min(r => r.OffsetMs), detail);
    }

    private static async Task<Reading> MeasureOneAsync(MpdProcess room, TimeSpan duration)
    {
        await using var connection = await MpdConnection.ConnectAsync(room.Host, room.Port, TimeSpan.FromSeconds(5));
        var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        double? previousElapsed = null;
        var previousMid = 0.0;
        var offsets = new List<double>();
        var (state, song) = ("", -1);
        while (Stopwatch.GetTimestamp() < until)
        {
            var read = await connection.SendTimedAsync("status");
            var mid = (read.SentAt + read.ReceivedAt) / 2.0 * 1000 / Stopwatch.Frequency;
            (state, song) = (read.Response.Get("state") ?? "", MpdValue.Int(read.Response.Get("song"), -1));
            var elapsed = MpdValue.Double(read.Response.Get("elapsed"));
            if (previousElapsed is { } before && elapsed != before && state == "play")
                offsets.Add((elapsed * 1000) - ((previousMid + mid) / 2));
            previousElapsed = elapsed;
            previousMid = mid;
            await Task.Delay(3);
        }
        if (offsets.Count == 0) return new Reading(room.Name, double.NaN, 0, state, song);
        offsets.Sort();
        // Steps dated across a song change or seek are far off the rest: the median ignores them.
        return new Reading(room.Name, offsets[offsets.Count / 2], offsets.Count, state, song);
    }
}

using System.Collections.Concurrent;
using Prosync.Actors.Scheduling;
using Prosync.Bench.Lab;
using Prosync.Bench.Measure;
using Prosync.Bench.Report;
using Prosync.Host.Lab;

namespace Prosync.Bench.Sections;

/// <summary>
/// Lab calibration: how exactly the relay delivers what its profile says. Ping round trips to one MPD, direct,
/// through a transparent relay and through a 10 ms + 10 ms relay, interleaved; and the relay's own record of how
/// late each write left after its due time.
/// </summary>
public static class RelaySection
{
    public sealed record Result(
        Summary DirectRtt,
        Summary TransparentAddedMs,
        Summary DelayedErrorMs,
        Summary Lateness,
        string DeliveryThread,
        string TimedSendThread,
        string Load);

    public static async Task<Result> RunAsync(BenchContext ctx)
    {
        ctx.Say("relay: calibrating the latency relay");
        await using var mpd = await MpdProcess.StartAsync(ctx.Library.MusicDirectory, new MpdProcessOptions { LogLevel = "default" });
        CpuAffinity.Release(mpd.ProcessId);
        var lateness = new ConcurrentQueue<double>();
        await using var transparent = LatencyRelay.Start(mpd.Host, mpd.Port, LinkProfiles.None, ctx.Options.Seed);
        await using var delayed = LatencyRelay.Start(mpd.Host, mpd.Port, new LinkProfile { BaseDelayMs = 10 }, ctx.Options.Seed);
        delayed.LatenessLog = lateness;
        using var direct = MpdClient.Connect(mpd.Host, mpd.Port);
        using var viaTransparent = MpdClient.Connect("127.0.0.1", transparent.Port);
        using var viaDelayed = MpdClient.Connect("127.0.0.1", delayed.Port);
        var n = ctx.Options.Quick ? 50 : 400;
        for (var i = 0; i < 20; i++)
        {
            direct.Run("ping");
            viaTransparent.Run("ping");
            viaDelayed.Run("ping");
        }

        while (lateness.TryDequeue(out _))
        {
        }

        var directRtt = new List<double>();
        var transparentAdded = new List<double>();
        var delayedError = new List<double>();
        for (var i = 0; i < n; i++)
        {
            var d = direct.Run("ping").LatencyMs;
            var t = viaTransparent.Run("ping").LatencyMs;
            var r = viaDelayed.Run("ping").LatencyMs;
            directRtt.Add(d);
            transparentAdded.Add(t - d);
            delayedError.Add(r - 20 - d);
            await Task.Delay(2);
        }

        var result = new Result(Summary.Of(directRtt), Summary.Of(transparentAdded), Summary.Of(delayedError), Summary.Of(lateness),
            DeliveryScheduler.Shared.Description, TimedSendScheduler.Shared.Scheduling, ProcessStats.LoadAverage());
        ctx.Print("\n### relay: lab calibration (ms)\n");
        var table = new Table("figure", "n", "p50", "p95", "p99", "max");
        void Row(string name, Summary s) => table.Add(name, s.Count, s.P50, s.P95, s.P99, s.Max);
        Row("ping RTT, direct", result.DirectRtt);
        Row("added by a transparent relay (RTT − direct)", result.TransparentAddedMs);
        Row("error of a 10 + 10 ms relay (RTT − 20 − direct)", result.DelayedErrorMs);
        Row("relay write lateness (write done − due)", result.Lateness);
        ctx.Print(table.ToString());
        ctx.Print($"Relay delivery thread: {result.DeliveryThread}; timed-send thread: {result.TimedSendThread}; load {result.Load}\n");
        ctx.Results.Write("relay", result);
        return result;
    }
}

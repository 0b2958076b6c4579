using System.Diagnostics;
using Prosync.Bench.Lab;
using Prosync.Bench.Measure;

namespace Prosync.Bench.Skew;

/// <summary>
/// The measurement loop: one MPD client connection to the proxy sends the scripted commands; for each, the
/// rooms' own idle connections tell when it took effect in each room.
/// </summary>
public static class SkewRunner
{
    /// <summary>Starts playback through the proxy if needed, warms up, then runs the plan's commands.</summary>
    public static async Task<ModeResult> RunAsync(BenchLab lab, IProxyUnderTest proxy, string mode, RunPlan plan, int seed)
    {
        using var client = proxy.Connect();
        var status = client.Run("status");
        if (status.Get("state") != "play" || int.Parse(status.Get("song") ?? "0", System.Globalization.CultureInfo.InvariantCulture) > 1)
        {
            client.Run(status.Get("state") == "pause" && status.Get("song") is "0" or "1" ? "pause 0" : "play 0");
        }

        await Task.Delay(plan.Warmup);
        status = client.Run("status");
        var script = new CommandScript(seed, plan.DecoderBound, status);
        var random = new Random(seed * 7 + 1);
        var records = new List<CommandRecord>();
        var stray = 0;
        var timed = 0;
        var index = 0;
        while (timed < plan.TimedCommands)
        {
            var command = script.Next();
            stray += lab.Effects.Drain().Count;
            var reply = client.Send(command.Line);
            var events = lab.Effects.WaitUntil(
                seen => FirstPerServer(seen, command, reply.SentAt, lab.Count).Count(e => e is not null) == lab.Count,
                plan.EventTimeout - Stopwatch.GetElapsedTime(reply.SentAt));
            var first = FirstPerServer(events, command, reply.SentAt, lab.Count);
            var spacing = plan.SpacingMin + ((plan.SpacingMax - plan.SpacingMin) * random.NextDouble());
            var wait = spacing - Stopwatch.GetElapsedTime(reply.SentAt);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }

            // By now the proxy has seen every room's event over its relayed idle connection, so its own estimate is in.
            var broadcast = await proxy.LatestBroadcastAsync();
            var isThis = broadcast is not null && command.Line.StartsWith(broadcast.Command, StringComparison.Ordinal);
            records.Add(Record(index++, command, reply, first,
                isThis ? broadcast!.HeldMs : double.NaN,
                isThis ? broadcast!.FiringSpreadMs : double.NaN,
                isThis ? broadcast!.EstimatedSkewMs : double.NaN));
            if (!command.DecoderBound)
            {
                timed++;
            }
        }

        return ModeResult.From(mode, lab.ProfileName + (lab.BurstModel == BurstModel.PerLink ? "-link" : ""), lab.Count, records, stray);
    }

    private static EffectEvent?[] FirstPerServer(IReadOnlyList<EffectEvent> events, ScriptedCommand command, long sentAt, int servers)
    {
        var first = new EffectEvent?[servers];
        foreach (var e in events)
        {
            if (e.ReadAt >= sentAt && (e.Changed & command.Expect) != 0 && first[e.Server] is null)
            {
                first[e.Server] = e;
            }
        }

        return first;
    }

    private static CommandRecord Record(int index, ScriptedCommand command, MpdReply reply, EffectEvent?[] first,
        double heldMs, double firingSpreadMs, double proxySkewMs)
    {
        var lost = first.Any(e => e is null);
        var useKernel = first.All(e => e is null || e.Value.KernelNs != 0);
        var present = first.Where(e => e is not null).Select(e => e!.Value).ToList();
        double?[] effect = new double?[first.Length];
        double skew = double.NaN, skewReader = double.NaN;
        if (present.Count > 0)
        {
            double Instant(EffectEvent e) => useKernel ? e.KernelNs / 1e6 : e.ReadAt * 1000.0 / Stopwatch.Frequency;
            var earliest = present.Min(Instant);
            for (var i = 0; i < first.Length; i++)
            {
                effect[i] = first[i] is { } e ? Instant(e) - earliest : null;
            }

            if (!lost)
            {
                skew = present.Max(Instant) - earliest;
                skewReader = (present.Max(e => e.ReadAt) - present.Min(e => e.ReadAt)) * 1000.0 / Stopwatch.Frequency;
            }
        }

        return new CommandRecord(index, command.Line, command.Kind, command.DecoderBound, reply.IsOk, reply.LatencyMs,
            effect, skew, skewReader, lost, heldMs, firingSpreadMs, proxySkewMs);
    }
}

using Prosync.Bench.Measure;

namespace Prosync.Bench.Skew;

/// <summary>
/// The figures of one mode in one profile. Skew and latency in ms; "timed" means not decoder-bound.
/// <see cref="BurstHits"/>: timed commands with a skew over <see cref="BurstHitMs"/> (jitter alone stays under 7 ms
/// on every profile, a burst adds 40 ms or more), a steadier figure than a p95 from 60 commands.
/// </summary>
public sealed record ModeResult(
    string Mode,
    string Profile,
    int Servers,
    int TimedCommands,
    int TimedLost,
    Summary Skew,
    double[] SkewP50Interval,
    double[] SkewP95Interval,
    int BurstHits,
    Summary SkewReader,
    Summary Latency,
    int HeldCount,
    Summary Held,
    Summary FiringSpread,
    Summary ProxyEstimatedSkew,
    int DecoderCommands,
    int DecoderLost,
    Summary DecoderSkew,
    IReadOnlyDictionary<string, Summary> DecoderSkewByKind,
    Summary DecoderLatency,
    double[] ServerBiasMs,
    int StrayEvents,
    IReadOnlyList<CommandRecord> Commands)
{
    public const double BurstHitMs = 10;

    public static ModeResult From(string mode, string profile, int servers, IReadOnlyList<CommandRecord> commands, int stray)
    {
        var timed = commands.Where(c => !c.DecoderBound).ToList();
        var decoder = commands.Where(c => c.DecoderBound).ToList();
        var measured = timed.Where(c => !c.Lost).ToList();
        // Systematic part of each room's timing: its median effect instant relative to the rooms' mean, per command.
        var bias = Enumerable.Range(0, servers).Select(i => Summary.Of(measured.Select(c =>
        {
            var mean = c.EffectMs.Average(e => e!.Value);
            return c.EffectMs[i]!.Value - mean;
        })).P50).ToArray();
        return new ModeResult(mode, profile, servers,
            timed.Count, timed.Count(c => c.Lost),
            Summary.Of(measured.Select(c => c.SkewMs)),
            Summary.BootstrapInterval(measured.Select(c => c.SkewMs).ToList(), 0.50),
            Summary.BootstrapInterval(measured.Select(c => c.SkewMs).ToList(), 0.95),
            measured.Count(c => c.SkewMs > BurstHitMs),
            Summary.Of(measured.Select(c => c.SkewReaderMs)),
            Summary.Of(timed.Where(c => c.Ok).Select(c => c.LatencyMs)),
            timed.Count(c => c.HeldMs > 0),
            Summary.Of(timed.Where(c => c.HeldMs > 0).Select(c => c.HeldMs)),
            Summary.Of(timed.Select(c => c.FiringSpreadMs)),
            Summary.Of(measured.Select(c => c.ProxyEstimatedSkewMs)),
            decoder.Count, decoder.Count(c => c.Lost),
            Summary.Of(decoder.Where(c => !c.Lost).Select(c => c.SkewMs)),
            decoder.GroupBy(c => c.Kind).ToDictionary(g => g.Key, g => Summary.Of(g.Where(c => !c.Lost).Select(c => c.SkewMs))),
            Summary.Of(decoder.Where(c => c.Ok).Select(c => c.LatencyMs)),
            bias, stray, commands);
    }
}

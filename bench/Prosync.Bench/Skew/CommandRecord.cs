namespace Prosync.Bench.Skew;

/// <summary>
/// One measured command. <see cref="EffectMs"/>: each room's effect instant, ms after the earliest room's
/// (null: no event within the timeout); <see cref="SkewMs"/> their spread from kernel receive stamps,
/// <see cref="SkewReaderMs"/> the same from when the reading threads saw the bytes (the check on the first).
/// The last three come from the proxy's own broadcast log (NaN when not available).
/// </summary>
public sealed record CommandRecord(
    int Index,
    string Line,
    string Kind,
    bool DecoderBound,
    bool Ok,
    double LatencyMs,
    double?[] EffectMs,
    double SkewMs,
    double SkewReaderMs,
    bool Lost,
    double HeldMs,
    double FiringSpreadMs,
    double ProxyEstimatedSkewMs);

namespace Prosync.Bench.Skew;

/// <summary>How many commands one mode gets, and the pacing.</summary>
/// <param name="TimedCommands">Commands that are not decoder-bound (pause/resume, setvol, options).</param>
/// <param name="DecoderBound">Also one seekcur/next/previous after every resume.</param>
/// <param name="Warmup">Probing before the first measured command (estimators fill their windows).</param>
public sealed record RunPlan(int TimedCommands, bool DecoderBound, TimeSpan Warmup)
{
    /// <summary>Spacing between sends, drawn uniformly: decorrelates commands from the links' bursts.</summary>
    public TimeSpan SpacingMin { get; init; } = TimeSpan.FromMilliseconds(250);

    public TimeSpan SpacingMax { get; init; } = TimeSpan.FromMilliseconds(600);

    /// <summary>A command whose event has not come from every room by then is counted as lost.</summary>
    public TimeSpan EventTimeout { get; init; } = TimeSpan.FromSeconds(2);
}

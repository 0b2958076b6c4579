namespace Prosync.Bench.Measure;

/// <summary>The MPD idle subsystems the benchmark's commands change.</summary>
[Flags]
public enum Change
{
    None = 0,
    Player = 1,
    Mixer = 2,
    Options = 4,
    Output = 8,
    Other = 16,
}

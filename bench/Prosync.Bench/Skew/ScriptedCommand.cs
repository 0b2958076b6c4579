using Prosync.Bench.Measure;

namespace Prosync.Bench.Skew;

/// <summary>A command the script sends, the idle subsystem its effect shows up in, and whether the decoder paces that effect.</summary>
public sealed record ScriptedCommand(string Line, string Kind, Change Expect, bool DecoderBound);

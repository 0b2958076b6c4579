using System.Diagnostics;

namespace Prosync.Bench.Measure;

/// <summary>One command's response and its timing (Stopwatch timestamps: just before the write, just after the final line).</summary>
public sealed record MpdReply(IReadOnlyList<string> Lines, string? Error, long SentAt, long ReceivedAt)
{
    public bool IsOk => Error is null;

    public double LatencyMs => Stopwatch.GetElapsedTime(SentAt, ReceivedAt).TotalMilliseconds;

    /// <summary>The value of the first <c>key: value</c> line with that key, or null.</summary>
    public string? Get(string key)
    {
        var prefix = key + ": ";
        return Lines.FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal))?[prefix.Length..];
    }
}

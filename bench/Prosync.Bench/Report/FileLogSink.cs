using Serilog.Core;
using Serilog.Events;

namespace Prosync.Bench.Report;

/// <summary>
/// The in-process proxies' log, to a file next to the results (what the proxy said during a run). A line from a
/// logger with an <c>Arm</c> or <c>Mode</c> property (continuity runs two proxies at once) says which, in brackets.
/// </summary>
public sealed class FileLogSink(string path) : ILogEventSink, IDisposable
{
    private readonly StreamWriter _writer = new(path, append: false) { AutoFlush = true };
    private readonly Lock _gate = new();

    public void Emit(LogEvent logEvent)
    {
        lock (_gate)
        {
            var who = logEvent.Properties.TryGetValue("Arm", out var arm) || logEvent.Properties.TryGetValue("Mode", out arm)
                ? $"[{(arm as ScalarValue)?.Value ?? arm}] "
                : "";
            _writer.WriteLine($"{logEvent.Timestamp:HH:mm:ss.fff} {logEvent.Level.ToString()[..3].ToUpperInvariant()} {who}{logEvent.RenderMessage(System.Globalization.CultureInfo.InvariantCulture)}");
            if (logEvent.Exception is { } e)
            {
                _writer.WriteLine(e.ToString());
            }
        }
    }

    public void Dispose() => _writer.Dispose();
}

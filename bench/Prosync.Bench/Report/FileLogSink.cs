using Serilog.Core;
using Serilog.Events;

namespace Prosync.Bench.Report;

/// <summary>The in-process proxies' log, to a file next to the results (what the proxy said during a run).</summary>
public sealed class FileLogSink(string path) : ILogEventSink, IDisposable
{
    private readonly StreamWriter _writer = new(path, append: false) { AutoFlush = true };
    private readonly Lock _gate = new();

    public void Emit(LogEvent logEvent)
    {
        lock (_gate)
        {
            _writer.WriteLine($"{logEvent.Timestamp:HH:mm:ss.fff} {logEvent.Level.ToString()[..3].ToUpperInvariant()} {logEvent.RenderMessage(System.Globalization.CultureInfo.InvariantCulture)}");
            if (logEvent.Exception is { } e)
            {
                _writer.WriteLine(e.ToString());
            }
        }
    }

    public void Dispose() => _writer.Dispose();
}

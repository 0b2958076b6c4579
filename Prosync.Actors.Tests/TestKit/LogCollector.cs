using System.Collections.Concurrent;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace Prosync.Actors.Tests.TestKit;

/// <summary>An in-memory Serilog sink with a Verbose-level logger writing to it.</summary>
public sealed class LogCollector : ILogEventSink
{
    private readonly ConcurrentQueue<LogEvent> _events = new();

    public LogCollector() =>
        Logger = new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(this).CreateLogger();

    public ILogger Logger { get; }

    public IReadOnlyList<LogEvent> Events => [.. _events];

    public void Emit(LogEvent logEvent) => _events.Enqueue(logEvent);

    /// <summary>Rendered messages at <paramref name="level"/>.</summary>
    public IEnumerable<string> Messages(LogEventLevel level) =>
        _events.Where(e => e.Level == level).Select(e => e.RenderMessage());
}

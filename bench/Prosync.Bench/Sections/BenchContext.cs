using System.Diagnostics;
using Prosync.Bench.Lab;
using Prosync.Bench.Report;
using Serilog;

namespace Prosync.Bench.Sections;

/// <summary>What every section shares: options, the output folder, the music, the proxies' log.</summary>
public sealed class BenchContext(BenchOptions options, ResultsWriter results, BenchLibrary library) : IDisposable
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private FileLogSink? _sink;

    public BenchOptions Options { get; } = options;

    public ResultsWriter Results { get; } = results;

    public BenchLibrary Library { get; } = library;

    /// <summary>A logger for the in-process proxies of one section, writing Information and up to results/NAME-proxy.log.</summary>
    public ILogger ProxyLog(string section)
    {
        _sink?.Dispose();
        _sink = new FileLogSink(Results.PathOf(section + "-proxy.log"));
        var logger = new LoggerConfiguration().MinimumLevel.Information().WriteTo.Sink(_sink).CreateLogger();
        // In-process proxies' actors log through Serilog's global logger (Akka.Logger.Serilog): point it here.
        Log.Logger = logger;
        return logger;
    }

    public void Say(string text) => Console.WriteLine($"[{_clock.Elapsed:mm\\:ss}] {text}");

    public void Print(string text) => Console.WriteLine(text);

    public void Dispose() => _sink?.Dispose();
}

using Microsoft.Extensions.Hosting;
using Prosync.Host.Status;

namespace Prosync.Host.LatencyLog;

/// <summary>
/// <c>--latency-log FILE</c>, as in the original Prosync: every second, one row per server to a tab-separated
/// file (header first; the file is replaced at start), for plotting and comparing rooms afterwards.
/// </summary>
/// <remarks>
/// The rows come from the <see cref="StatusMonitor"/>'s latest snapshot (it asks the cluster five times a second);
/// a tick without a recent one (proxy not running, cluster not answering) writes nothing.
/// </remarks>
public sealed class LatencyLogService(string path, StatusMonitor monitor, TimeProvider time, Serilog.ILogger logger)
    : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>A snapshot older than this at a tick is not written: the monitor has missed at least two of its own.</summary>
    private static readonly TimeSpan MaxSnapshotAge = 2 * StatusMonitor.Interval;

    private readonly Serilog.ILogger _log = logger.ForContext<LatencyLogService>();

    private string Path { get; } = System.IO.Path.GetFullPath(path);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Fail at start, not a second later, when the file cannot be written.
        var directory = System.IO.Path.GetDirectoryName(Path);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
        await File.WriteAllTextAsync(Path, LatencyLogFormat.Header + "\n", cancellationToken);
        _log.Information("Latency log: one row per server every second to {Path}", Path);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        await using var file = new StreamWriter(new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.Read));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var at = time.GetUtcNow(); // the tick, so rows are a second apart whatever the snapshot's time
                if (monitor.Latest is not { } status || at - status.At > MaxSnapshotAge)
                {
                    continue; // no proxy, or the cluster does not answer (the monitor logs that)
                }
                foreach (var server in status.Servers)
                {
                    await file.WriteAsync(LatencyLogFormat.Row(at, server) + "\n");
                }
                await file.FlushAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
    }
}

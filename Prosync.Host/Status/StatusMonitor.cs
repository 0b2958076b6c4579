using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Prosync.Actors.Cluster;
using Akka.Actor;
using Prosync.Host.Hosting;

namespace Prosync.Host.Status;

/// <summary>
/// Asks the cluster for its status every <see cref="Interval"/> (an actor Ask; cheap), keeps the last
/// <see cref="HistoryLength"/> of latency figures for the chart, and fans each snapshot out to the dashboard's
/// event streams. The API asks through <see cref="RefreshAsync"/> for figures that are never stale.
/// </summary>
public sealed class StatusMonitor(ProxyHostedService host, TimeProvider time, Serilog.ILogger logger) : BackgroundService
{
    /// <summary>Five snapshots a second: the probes measure ten times a second, the eye needs no more.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    private static readonly TimeSpan HistoryLength = TimeSpan.FromMinutes(5);

    /// <summary>Broadcasts sent with each snapshot (the cluster keeps more).</summary>
    public const int BroadcastsShown = 20;

    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(2);

    private readonly Serilog.ILogger _log = logger.ForContext<StatusMonitor>();
    private readonly RoomStates _states = new();
    private readonly Queue<LatencyFrame> _history = new();
    private readonly HashSet<Channel<StatusView>> _subscribers = [];
    private bool _stopped;

    private readonly Lock _latestGate = new();
    private StatusView? _latest;

    /// <summary>The most recent snapshot; null before the first.</summary>
    public StatusView? Latest => Volatile.Read(ref _latest);

    /// <summary>Asks the cluster now. Null while the proxy is not running.</summary>
    /// <exception cref="AskTimeoutException">The cluster did not answer within 2 s.</exception>
    public async Task<StatusView?> RefreshAsync()
    {
        if (host.Proxy is not { } proxy)
        {
            return null;
        }
        var status = await proxy.Cluster.Ask<ClusterStatus>(GetClusterStatus.Instance, AskTimeout).ConfigureAwait(false);
        var view = StatusViews.From(status, _states, time.GetUtcNow());
        lock (_latestGate)
        {
            // The timer's refresh and the API's may finish out of order: an older snapshot never replaces a newer one.
            if (_latest is null || view.At >= _latest.At)
            {
                _latest = view;
            }
        }
        return view;
    }

    /// <summary>The chart's history, oldest first.</summary>
    public IReadOnlyList<LatencyFrame> History()
    {
        lock (_history)
        {
            return _history.ToList();
        }
    }

    /// <summary>
    /// Every snapshot from now on (starting with the latest one), until <paramref name="ct"/> fires or the host
    /// stops. A slow reader skips snapshots rather than falling behind.
    /// </summary>
    public async IAsyncEnumerable<StatusView> WatchAsync([EnumeratorCancellation] CancellationToken ct)
    {
        var channel = Channel.CreateBounded<StatusView>(new BoundedChannelOptions(2)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        lock (_subscribers)
        {
            if (_stopped)
            {
                yield break;
            }
            _subscribers.Add(channel);
        }
        try
        {
            if (Latest is { } latest)
            {
                yield return latest;
            }
            await foreach (var view in channel.Reader.ReadAllAsync(ct).ConfigureAwait(false))
            {
                yield return view;
            }
        }
        finally
        {
            lock (_subscribers)
            {
                _subscribers.Remove(channel);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        var failing = false;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                StatusView? view;
                try
                {
                    view = await RefreshAsync().ConfigureAwait(false);
                    failing = false;
                }
                catch (AskTimeoutException e)
                {
                    if (!failing)
                    {
                        _log.Warning("The cluster did not answer a status request: {Error}", e.Message);
                    }
                    failing = true;
                    continue;
                }
                if (view is null)
                {
                    continue;
                }
                Record(view);
                Publish(view);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
        finally
        {
            lock (_subscribers)
            {
                _stopped = true;
                foreach (var subscriber in _subscribers)
                {
                    subscriber.Writer.TryComplete();
                }
            }
        }
    }

    private void Record(StatusView view)
    {
        var frame = StatusViews.Frame(view);
        lock (_history)
        {
            _history.Enqueue(frame);
            var oldest = frame.T - (long)HistoryLength.TotalMilliseconds;
            while (_history.Peek().T < oldest)
            {
                _history.Dequeue();
            }
        }
    }

    private void Publish(StatusView view)
    {
        lock (_subscribers)
        {
            foreach (var subscriber in _subscribers)
            {
                subscriber.Writer.TryWrite(view);
            }
        }
    }
}

using System.Collections.Concurrent;
using System.Net.Sockets;

namespace Prosync.Host.Lab;

/// <summary>
/// A TCP relay on 127.0.0.1 that forwards every connection to a target and delays both
/// directions per a <see cref="LinkProfile"/>: our substitute for netem, which this kernel lacks.
/// </summary>
/// <remarks>
/// Reading is async (one receive loop per direction). Each chunk read is stamped, given a due
/// time by that direction's <see cref="DelayModel"/> and queued; the writes are done by one
/// process-wide scheduler thread (see <see cref="DeliveryScheduler"/>) so that delivery is
/// precise to ~0.1 ms without a spinning thread per direction. Connection setup is not delayed;
/// data and FIN (half-close) are. A reset or error on either side resets the other at once.
/// </remarks>
public sealed class LatencyRelay : IAsyncDisposable
{
    private readonly string _targetHost;
    private readonly int _targetPort;
    private readonly int _seed;
    private readonly Lock _connectionsGate = new();
    private readonly HashSet<RelayConnection> _connections = [];
    private readonly RelayListener _listener;
    private volatile LinkProfile _profile;
    private GilbertElliottLink? _linkBursts;
    private volatile bool _paused;
    private bool _disposed;

    private LatencyRelay(string targetHost, int targetPort, LinkProfile profile, int seed)
    {
        _targetHost = targetHost;
        _targetPort = targetPort;
        _profile = profile;
        _seed = seed;
        _listener = RelayListener.Start(backlog: 512, HandleAsync);
    }

    /// <summary>Listens on 127.0.0.1 (ephemeral port) and relays each accepted connection to the target.</summary>
    /// <param name="seed">Seeds every direction's <see cref="DelayModel"/> (mixed with the connection's accept order and direction) so runs are repeatable.</param>
    public static LatencyRelay Start(string targetHost, int targetPort, LinkProfile profile, int seed = 0)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(targetHost);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(targetPort);
        DelayModel.Validate(profile);
        EnsurePoolHeadroom();
        return new LatencyRelay(targetHost, targetPort, profile, seed);
    }

    /// <summary>The loopback port clients connect to instead of the target.</summary>
    public int Port => _listener.Port;

    /// <summary>The link behaviour; a new value applies to chunks read after the change, on all connections.</summary>
    public LinkProfile Profile
    {
        get => _profile;
        set
        {
            DelayModel.Validate(value);
            _profile = value;
        }
    }

    /// <summary>
    /// The link's Gilbert–Elliott process, shared by every connection, created (seeded by the relay's
    /// seed) the first time a connection opens under a profile with <see cref="LinkProfile.HasLinkBursts"/>;
    /// it keeps the spell lengths and extras of that profile. Null while no profile had link bursts.
    /// </summary>
    internal GilbertElliottLink? LinkBursts()
    {
        var profile = _profile;
        if (!profile.HasLinkBursts || Volatile.Read(ref _linkBursts) is not null)
            return Volatile.Read(ref _linkBursts);
        var created = new GilbertElliottLink(profile, unchecked((_seed * 31) + 17));
        return Interlocked.CompareExchange(ref _linkBursts, created, null) ?? created;
    }

    /// <summary>
    /// While true, nothing is delivered in either direction on any connection (a stalled link);
    /// data keeps being read and queued (up to a bound, then TCP back-pressure stalls the
    /// sender). Clearing it delivers everything overdue at once, in order.
    /// </summary>
    public bool Paused
    {
        get => _paused;
        set
        {
            _paused = value;
            if (!value)
                DeliveryScheduler.Shared.Rearm(Directions());
        }
    }

    /// <summary>
    /// When set, the scheduler appends each delivery's lateness (write completed − due, in ms) here.
    /// A measuring hook for tests and the benchmark; null (off) by default.
    /// </summary>
    internal ConcurrentQueue<double>? LatenessLog { get; set; }

    /// <summary>Resets (RST) both sides of every current connection, as a link loss would; the relay keeps accepting.</summary>
    public void DropAllConnections()
    {
        foreach (var connection in SnapshotConnections())
            connection.Abort();
    }

    /// <summary>Stops listening, resets all connections and waits for their loops to finish.</summary>
    public async ValueTask DisposeAsync()
    {
        lock (_connectionsGate)
        {
            if (_disposed)
                return;
            _disposed = true;
        }
        await _listener.StopAsync().ConfigureAwait(false);
        DropAllConnections();
        await _listener.HandlersFinished().ConfigureAwait(false);
        _listener.Dispose();
    }

    internal void Forget(RelayConnection connection)
    {
        lock (_connectionsGate)
            _connections.Remove(connection);
    }

    private RelayConnection[] SnapshotConnections()
    {
        lock (_connectionsGate)
            return [.. _connections];
    }

    private List<Direction> Directions()
    {
        var directions = new List<Direction>();
        foreach (var c in SnapshotConnections())
        {
            directions.Add(c.Up);
            directions.Add(c.Down);
        }
        return directions;
    }

    private async Task HandleAsync(Socket client, int index)
    {
        Socket server;
        try
        {
            server = await RelayListener.ConnectAsync(_targetHost, _targetPort, _listener.Stopping).ConfigureAwait(false);
        }
        catch (Exception)
        {
            RelayConnection.Reset(client); // target unreachable: the client sees the link fail
            return;
        }

        var connection = new RelayConnection(this, client, server, MixSeed(_seed, index));
        lock (_connectionsGate)
        {
            if (_disposed)
            {
                RelayConnection.Reset(client);
                RelayConnection.Reset(server);
                return;
            }
            _connections.Add(connection);
        }
        await connection.RunAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Reads ride the thread pool. When other code in the process blocks pool threads (the test
    /// host does), the pool grows only by its starvation heuristic, about one thread per 0.5 s,
    /// and we measured single round trips stalled by 0.7–0.9 s. This is a test and bench kit, so
    /// it raises the pool's minimum once (never lowers it) rather than let timing depend on that.
    /// </summary>
    private static void EnsurePoolHeadroom()
    {
        const int MinWorkers = 16;
        ThreadPool.GetMinThreads(out int workers, out int io);
        if (workers < MinWorkers)
            ThreadPool.SetMinThreads(MinWorkers, io);
    }

    /// <summary>Deterministic (unlike HashCode) so a seed replays the same run.</summary>
    private static int MixSeed(int seed, int connectionIndex) => unchecked(seed * 1_000_003 + connectionIndex * 7919);
}

using System.Globalization;
using System.Threading.Channels;
using Prosync.Actors.Protocol;

namespace Prosync.Actors.Servers;

/// <summary>
/// Runs jobs one at a time on a server's command connection. A job may need several round trips
/// (refresh the queue map, replay a session's settings, then the command) that no other job may
/// interleave with, which is why this is a serial queue rather than plain pipelining.
/// The connection-level state that sessions share lives here.
/// </summary>
internal sealed class CommandPump
{
    private readonly Channel<Func<CommandPump, Task>> _jobs = Channel.CreateUnbounded<Func<CommandPump, Task>>(
        new UnboundedChannelOptions { SingleReader = true });
    private readonly IReadOnlyList<string> _defaultTagTypes;
    private string? _password;
    private string _tagTypes = "";
    private int _binaryLimit = SessionState.DefaultBinaryLimit;

    public CommandPump(MpdConnection connection, IReadOnlyList<string> defaultTagTypes)
    {
        Connection = connection;
        _defaultTagTypes = defaultTagTypes;
    }

    public MpdConnection Connection { get; }

    public QueueMap Queue { get; } = new();

    /// <summary>Queues a job; it must report its own outcome (it runs on the pump, not on an actor).</summary>
    public void Enqueue(Func<CommandPump, Task> job)
    {
        if (!_jobs.Writer.TryWrite(job)) _ = job(this); // pump closed: the job fails on the dead connection and reports it
    }

    /// <summary>Runs jobs until the connection fails; then fails every job still queued.</summary>
    public async Task RunAsync()
    {
        // A connection the server closed while no job ran (MPD's connection_timeout) is lost now, not when the next
        // client command finds it gone.
        _ = Connection.Completion.ContinueWith(_ => _jobs.Writer.TryComplete(), TaskScheduler.Default);
        try
        {
            await foreach (var job in _jobs.Reader.ReadAllAsync())
            {
                await job(this);
                if (Connection.Completion.IsCompleted) break;
            }
            await Connection.Completion;
        }
        finally
        {
            _jobs.Writer.TryComplete();
            while (_jobs.Reader.TryRead(out var job)) await job(this);
        }
    }

    public void Complete() => _jobs.Writer.TryComplete();

    public Task<MpdResponse> SendAsync(string line) => Connection.SendAsync(line);

    /// <summary>
    /// Puts the connection into the state the session expects (password, tag types, binary limit). The lines are
    /// written without waiting for their replies: the connection is ordered, so MPD applies them before whatever
    /// the job sends next, and a timed command is not held back by a round trip. Their replies are not needed
    /// (a failure shows as a broken connection on the next send).
    /// </summary>
    public void Apply(SessionState session)
    {
        var lines = new List<string>();
        if (session.Password is { } password && password != _password)
            lines.Add(new MpdRequest("password", [password]).ToLine());
        if (session.TagTypes != _tagTypes)
        {
            lines.Add("tagtypes clear");
            if (_defaultTagTypes.Count > 0) lines.Add(new MpdRequest("tagtypes", ["enable", .. _defaultTagTypes]).ToLine());
            lines.AddRange(session.TagTypeCommands);
        }
        if (session.BinaryLimit != _binaryLimit)
            lines.Add("binarylimit " + session.BinaryLimit.ToString(CultureInfo.InvariantCulture));
        if (lines.Count == 0) return;

        _ = Task.WhenAll(Connection.SendBatch(lines)).ContinueWith(t => t.Exception, TaskContinuationOptions.OnlyOnFaulted);
        _password = session.Password ?? _password;
        _tagTypes = session.TagTypes;
        _binaryLimit = session.BinaryLimit;
    }

    /// <summary>
    /// A session's own tagtypes/binarylimit/password command ran on this connection: what the connection
    /// holds is no longer known, so the next job replays its session's state in full.
    /// </summary>
    public void ForgetAppliedState()
    {
        _password = "\0";
        _tagTypes = "\0";
        _binaryLimit = -1;
    }

    /// <summary>Brings <see cref="Queue"/> up to date: one <c>status</c>, plus <c>plchangesposid</c> when the queue changed.</summary>
    public async Task RefreshQueueAsync()
    {
        var status = await SendAsync("status");
        var version = MpdValue.Int(status.Get("playlist"), 0);
        var length = MpdValue.Int(status.Get("playlistlength"), 0);
        if (version == Queue.Version) return;

        var since = Math.Max(0, Queue.Version);
        var changes = await SendAsync("plchangesposid " + since.ToString(CultureInfo.InvariantCulture));
        Queue.Apply(ParsePositions(changes), length, version);
    }

    /// <summary>The (position, id) pairs of a <c>plchangesposid</c> response.</summary>
    public static IEnumerable<(int Position, int Id)> ParsePositions(MpdResponse response)
    {
        int? position = null;
        foreach (var (key, value) in response.Pairs)
        {
            if (key == "cpos") position = MpdValue.Int(value, 0);
            else if (key == "Id" && position is { } p)
            {
                yield return (p, MpdValue.Int(value, 0));
                position = null;
            }
        }
    }

}

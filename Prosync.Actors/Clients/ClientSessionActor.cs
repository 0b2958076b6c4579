using System.Buffers;
using System.Net.Sockets;
using Prosync.Actors.Cluster;
using Akka.Actor;
using Akka.Event;
using Prosync.Actors.Protocol;
using Prosync.Actors.Servers;

namespace Prosync.Actors.Clients;

/// <summary>
/// One MPD client connection, behaving exactly like MPD towards it: framing, one command at a time,
/// command lists, idle/noidle with per-session pending flags, and the per-connection settings
/// (password, tagtypes, binarylimit) that are replayed on whichever backend connection serves it.
/// Everything else goes to the cluster.
/// </summary>
public sealed partial class ClientSessionActor : UntypedActor, IWithTimers
{
    /// <summary>MPD's default max_command_list_size (2048 KiB).</summary>
    private const int MaxCommandListBytes = 2048 * 1024;

    /// <summary>Waits before asking again when a request's server died under it (failover takes a moment).</summary>
    private static readonly TimeSpan[] ReadRetryDelays = [TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1)];

    /// <summary>MPD keeps at most 64 unread client-to-client messages per client.</summary>
    private const int MaxInboxMessages = 64;

    private readonly ClientConnection _connection;
    private readonly IActorRef _cluster;
    private readonly TimeSpan _timeout;
    private readonly Queue<string> _input = new();
    private readonly Queue<ChannelMessage> _inbox = new();
    private SessionState _state = SessionState.Default;
    private Subsystems _pending;
    private Subsystems? _idleMask;
    private CommandList? _collecting;
    private PendingRequest? _awaiting;
    private bool _draining;
    private bool _busy;
    private bool _closed;
    private long _nextRequestId;

    public ClientSessionActor(Socket socket, IActorRef cluster, TimeSpan timeout)
    {
        _connection = new ClientConnection(socket);
        _cluster = cluster;
        _timeout = timeout;
    }

    /// <param name="timeout">MPD's connection_timeout: a client silent this long (and not idling) is dropped.</param>
    public static Props Props(Socket socket, IActorRef cluster, TimeSpan timeout) =>
        Akka.Actor.Props.Create(() => new ClientSessionActor(socket, cluster, timeout));

    public ITimerScheduler Timers { get; set; } = null!;

    private ILoggingAdapter Log { get; } = Context.GetLogger();

    /// <summary>Like MPD: re-armed by every line, suspended while the client idles.</summary>
    private void ArmTimeout()
    {
        if (_idleMask is null) Timers.StartSingleTimer("timeout", ConnectionTimedOut.Instance, _timeout);
        else Timers.Cancel("timeout");
    }

    /// <summary>A session that fails is closed, never restarted: its socket state cannot be rebuilt.</summary>
    protected override void PreStart() => _cluster.Tell(new RegisterSession(Self));

    protected override void PostStop()
    {
        _closed = true;
        _connection.Close();
    }

    protected override void PreRestart(Exception reason, object message)
    {
        // Restarting would orphan the socket: close instead.
        Log.Warning(reason, "Client {Client} session failed; closing it", _connection.RemoteEndPoint);
        Context.Stop(Self);
    }

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case Welcome welcome:
                Send(writer => ResponseWriter.WriteLine(writer, Greeting.Format(welcome.Version)));
                _connection.Start(Self);
                ArmTimeout();
                break;
            case ClientLine line:
                _connection.LineConsumed();
                ArmTimeout();
                _input.Enqueue(line.Line);
                ProcessInput();
                break;
            case Executed { ServerFailed: true } failed when _awaiting is { } awaiting && awaiting.Id == failed.Tag
                                                           && awaiting.Attempt < ReadRetryDelays.Length:
                // Its server died under it (nothing was applied): ask again once the cluster has failed over.
                Timers.StartSingleTimer("retry", new RetryRequest(awaiting.Id), ReadRetryDelays[awaiting.Attempt]);
                break;
            case RetryRequest retry when _awaiting is { } awaiting && awaiting.Id == retry.Id:
                Ask(awaiting.Request, awaiting.Info, awaiting.Then, awaiting.Attempt + 1);
                break;
            case Executed executed when _awaiting is { } awaiting && awaiting.Id == executed.Tag:
                _awaiting = null;
                awaiting.Then(executed.Response);
                ProcessInput();
                break;
            case ConnectionTimedOut:
                Log.Debug("Client {Client} idle for {Timeout}: closing, as MPD does", _connection.RemoteEndPoint, _timeout);
                Close();
                break;
            case ChannelMessage channelMessage:
                if (_inbox.Count < MaxInboxMessages) _inbox.Enqueue(channelMessage);
                Notify(Subsystems.Message);
                break;
            case SubsystemsChanged changed:
                Notify(changed.Changed);
                break;
            case ClientLineTooLong:
                Log.Info("Client {Client} sent a line over {Max} bytes; dropping it, as MPD does",
                    _connection.RemoteEndPoint, RequestLineReader.MaxLineBytes);
                Close();
                break;
            case ClientDisconnected:
                // What the client sent before leaving is still carried out (answers go nowhere), as with MPD.
                _draining = true;
                ProcessInput();
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    /// <summary>Handles queued lines until one needs an answer from elsewhere.</summary>
    private void ProcessInput()
    {
        // While idling the session is busy, yet its next line ("noidle", or anything that closes) must be read.
        while ((!_busy || _idleMask is not null) && !_closed && _input.TryDequeue(out var line)) ProcessLine(line);
        if (_draining && (!_busy || _idleMask is not null) && _input.Count == 0) Close();
    }

    private void ProcessLine(string line)
    {
        if (_idleMask is not null)
        {
            // While idle MPD accepts only "noidle"; anything else ends the connection.
            if (line == "noidle") EndIdle();
            else Close();
            return;
        }
        if (_collecting is { } list)
        {
            if (line == "command_list_end") RunList(list);
            else if (line == "noidle") { } // MPD handles it at once, not in the list; not idling, it has no reply
            else if (!list.Add(line, MaxCommandListBytes)) Close();
            return;
        }
        if (!RequestParser.TryParse(line, out var request, out var error, out var close))
        {
            // MPD closes on a line that cannot be a command (not a lowercase letter first: no reply at all).
            if (error is not null) Send(error);
            if (close) Close();
            return;
        }
        switch (request.Command)
        {
            case "command_list_begin": _collecting = new CommandList(okMode: false); return;
            case "command_list_ok_begin": _collecting = new CommandList(okMode: true); return;
        }
        _busy = true;
        Dispatch(request, response =>
        {
            Send(response);
            _busy = false;
        });
    }

    private void RunList(CommandList list)
    {
        _collecting = null;
        _busy = true;
        RunListItem(list, 0);
    }

    /// <summary>Runs list items in order; the first failure ends the list with its index, as MPD does.</summary>
    private void RunListItem(CommandList list, int index)
    {
        if (index == list.Lines.Count)
        {
            Send(MpdResponse.Ok);
            _busy = false;
            return;
        }
        if (!RequestParser.TryParse(list.Lines[index], out var request, out var error, out var close))
        {
            if (error is not null) Send(MpdResponse.Fail(error.WithListIndex(index)));
            if (close) Close();
            _busy = false;
            return;
        }
        Dispatch(request, response =>
        {
            if (!response.IsOk)
            {
                Send(new MpdResponse(response.Lines, response.Binary, response.Error!.WithListIndex(index)));
                _busy = false;
                return;
            }
            Send(writer =>
            {
                ResponseWriter.WriteBody(writer, response);
                if (list.OkMode) ResponseWriter.WriteLine(writer, "list_OK");
            });
            RunListItem(list, index + 1);
        });
    }

    /// <summary>Answers a command locally or through the cluster; <paramref name="then"/> gets the response.</summary>
    private void Dispatch(MpdRequest request, Action<MpdResponse> then)
    {
        var info = CommandTable.Find(request.Command);
        if (info is null)
        {
            then(MpdResponse.Fail(MpdError.UnknownCommand(request.Command)));
            return;
        }
        if (info.CheckArguments(request.Args.Count) is { } argumentError)
        {
            then(MpdResponse.Fail(argumentError));
            return;
        }
        switch (info.Route)
        {
            case CommandRoute.Local:
                HandleLocal(request, info, then);
                break;
            case CommandRoute.Refused:
                then(Fail(AckCode.Unknown, request.Command, $"\"{request.Command}\" is not available through Prosync"));
                break;
            default:
                Ask(request, info, then);
                break;
        }
    }

    /// <summary>Sends a request to the cluster; its answer arrives as <see cref="Executed"/>.</summary>
    private void Ask(MpdRequest request, CommandInfo info, Action<MpdResponse> then, int attempt = 0)
    {
        var id = ++_nextRequestId;
        _awaiting = new PendingRequest(id, request, info, then, attempt);
        _cluster.Tell(new ClientRequest(id, request, info, _state));
    }

    private sealed record PendingRequest(long Id, MpdRequest Request, CommandInfo Info, Action<MpdResponse> Then, int Attempt);

    private sealed record RetryRequest(long Id);

    private sealed record ConnectionTimedOut
    {
        public static readonly ConnectionTimedOut Instance = new();
    }

    private static MpdResponse Fail(AckCode code, string command, string message) =>
        MpdResponse.Fail(new MpdError(code, 0, command, message));

    /// <summary>Something changed for this client: flag it for idle, and end an idle that waits for it.</summary>
    private void Notify(Subsystems changed)
    {
        _pending |= changed;
        if (_idleMask is { } mask && (_pending & mask) != 0) EndIdle();
        ProcessInput();
    }

    private void Send(MpdResponse response) => Send(writer => ResponseWriter.Write(writer, response));

    private void Send(MpdError error) => Send(MpdResponse.Fail(error));

    private void Send(Action<IBufferWriter<byte>> write)
    {
        if (_closed) return;
        var buffer = new ArrayBufferWriter<byte>();
        write(buffer);
        if (!_connection.Send(buffer.WrittenMemory))
        {
            Log.Warning("Client {Client} does not read its output; dropping it, as MPD does", _connection.RemoteEndPoint);
            _connection.Abort();
            Close();
        }
    }

    private void Close()
    {
        if (_closed) return;
        _closed = true;
        _input.Clear();
        Context.Stop(Self);
    }

    /// <summary>Lines of a command list being collected.</summary>
    private sealed class CommandList(bool okMode)
    {
        private int _bytes;

        public bool OkMode { get; } = okMode;
        public List<string> Lines { get; } = [];

        public bool Add(string line, int maxBytes)
        {
            _bytes += line.Length + 1;
            Lines.Add(line);
            return _bytes <= maxBytes;
        }
    }
}

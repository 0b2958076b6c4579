using Akka.Actor;
using Akka.Event;
using Prosync.Actors.Protocol;
using Prosync.Actors.Rooms;
using Prosync.Actors.Servers;

namespace Prosync.Actors.Cluster;

/// <summary>
/// State changes run one at a time, in arrival order, on every in-sync server: one global order
/// keeps the queues identical, and the primary's queue map is fresh when ids are resolved.
/// </summary>
public sealed partial class ClusterActor
{
    private void StartNextWrite()
    {
        while (_inFlight is null && _resync is null && _correction is null && _writes.First?.Value is { } next)
        {
            _writes.RemoveFirst();
            if (next is CorrectionOperation correction)
            {
                StartCorrection(correction);
                continue;
            }
            if (next is ResyncOperation resync)
            {
                StartResync(resync);
                continue;
            }
            var op = (WriteOperation)next;
            if (HoldForFiles(op)) continue; // held until every room has the files it takes (ClusterActor.Library.cs)
            _writesStarted++;
            var targets = TargetsFor(op.Request.Info);
            if (_primary is null || targets.Count == 0)
            {
                op.ReplyTo.Tell(NoServer(op.Request));
                continue;
            }
            _inFlight = op;
            op.Primary = _primary;
            op.Targets.AddRange(targets);
            Timers.StartSingleTimer("write", new WriteTimedOut(op.Tag), _options.WriteTimeout);

            var request = op.Request;
            if (request.Info.Route == CommandRoute.PrimaryThenReplicate)
            {
                op.Step = WriteOperation.Phase.RunningOnPrimary;
                AwaitFrom(op, [op.Primary]);
                _servers[op.Primary].Actor.Tell(new Execute(op.Tag, request.Request, request.Info, request.Session, Self));
            }
            else if (SongIdTranslator.IdArgumentIndices(request.Info, request.Request).Count > 0 && targets.Count > 1)
            {
                op.Step = WriteOperation.Phase.ResolvingIds;
                AwaitFrom(op, [op.Primary]);
                _servers[op.Primary].Actor.Tell(new ResolveSongIds(op.Tag, request.Request, request.Info, Self));
            }
            else if (request.Request is { Command: "next", Args.Count: 0 } && targets.Count > 1)
            {
                // With random on each room would draw its own next song: ask the primary which one it would play.
                op.Step = WriteOperation.Phase.ReadingNextSong;
                AwaitFrom(op, [op.Primary]);
                _servers[op.Primary].Actor.Tell(new ReadStatus(op.Tag, Self));
            }
            else if (request.Info.Route == CommandRoute.BroadcastTimed)
            {
                BeginTimed(op);
            }
            else
            {
                SendToAll(op, positions: null);
            }
        }
    }

    private void SendToAll(WriteOperation op, IReadOnlyList<int>? positions)
    {
        op.Step = WriteOperation.Phase.Applying;
        AwaitFrom(op, op.Targets);
        var request = op.Request;
        var setvol = RoomVolume.SetvolArgument(request.Request);
        foreach (var name in op.Targets)
            _servers[name].Actor.Tell(new Execute(op.Tag, ForRoom(name, request.Request, setvol), request.Info, request.Session, Self, positions));
    }

    private static void AwaitFrom(WriteOperation op, IEnumerable<string> servers)
    {
        op.Awaiting.Clear();
        op.Awaiting.UnionWith(servers);
    }

    private WriteOperation? Current(long tag) => _inFlight is { } op && op.Tag == tag ? op : null;

    private void OnExecuted(Executed executed)
    {
        if (executed.Tag < 0)
        {
            OnInternalRead(executed);
            return;
        }
        if (_resync is { } resync && resync.Tag == executed.Tag)
        {
            OnResyncExecuted(resync, executed);
            return;
        }
        if (_correction is { } correction && correction.Tag == executed.Tag)
        {
            OnCorrectionExecuted(correction, executed);
            return;
        }
        if (Current(executed.Tag) is not { } op || !op.Awaiting.Contains(executed.Server)) return;
        if (executed.ServerFailed)
        {
            // The room's connection broke under the command: it is lost for this write (its Down follows), not an answer.
            ForgetServerInWrite(executed.Server);
            return;
        }
        op.Awaiting.Remove(executed.Server);
        op.Responses[executed.Server] = executed.Response;
        if (executed.Lateness is { } lateness && op.Log is { } log) log.Fired[executed.Server] = lateness.TotalMilliseconds;

        if (op.Step == WriteOperation.Phase.RunningOnPrimary)
        {
            var others = op.Targets.Where(t => t != op.Primary).ToList();
            if (!executed.Response.IsOk || others.Count == 0)
            {
                FinishWrite(op);
                return;
            }
            op.Step = WriteOperation.Phase.ReadingPrimaryOrder;
            AwaitFrom(op, [op.Primary]);
            _servers[op.Primary].Actor.Tell(new ReadQueueFiles(op.Tag, Self));
            return;
        }
        if (op.Awaiting.Count == 0) FinishWrite(op);
    }

    private void OnSongIdsResolved(SongIdsResolved resolved)
    {
        if (Current(resolved.Tag) is not { } op || !op.Awaiting.Remove(resolved.Server)) return;
        if (resolved.Error is { } error)
        {
            // The primary rejects the id: the command fails as it would on one MPD, and no server is touched.
            op.Responses[resolved.Server] = MpdResponse.Fail(error);
            FinishWrite(op);
            return;
        }
        if (op.Request.Info.Route == CommandRoute.BroadcastTimed)
        {
            op.Request = op.Request with { Request = ToPositionForm(op.Request.Request, resolved.Positions) };
            BeginTimed(op);
        }
        else
        {
            SendToAll(op, resolved.Positions);
        }
    }

    /// <summary>
    /// In random mode (without consume, where "next" also removes the song) the primary's status names the song
    /// "next" would play; every room plays that one instead. Otherwise "next" is the same everywhere.
    /// </summary>
    private void OnNextSongRead(WriteOperation op, StatusRead read)
    {
        if (!op.Awaiting.Remove(read.Server)) return;
        if (read.Status is { } status && status.Get("random") == "1" && status.Get("consume") == "0"
            && status.Get("nextsong") is { } nextSong)
            op.Request = op.Request with { Request = new MpdRequest("play", [nextSong]) };
        BeginTimed(op);
    }

    private void OnPrimaryOrder(QueueFiles files)
    {
        if (Current(files.Tag) is not { } op || !op.Awaiting.Remove(files.Server)) return;
        var others = op.Targets.Where(t => t != op.Primary).ToList();
        op.Step = WriteOperation.Phase.Applying;
        AwaitFrom(op, others);
        foreach (var name in others)
            _servers[name].Actor.Tell(new CopyQueueOrder(op.Tag, files.Files, Self));
    }

    private void OnWriteTimedOut(WriteTimedOut timedOut)
    {
        if (Current(timedOut.Tag) is not { } op) return;
        Log.Warning("{Command} got no reply from {Servers} within {Timeout}", op.Request.Request.Command,
            string.Join(", ", op.Awaiting), _options.WriteTimeout);
        foreach (var server in op.Awaiting.ToList()) MarkDiverged(server, $"no reply to {op.Request.Request.Command}");
        op.Awaiting.Clear();
        FinishWrite(op);
    }

    /// <summary>
    /// A server that went down no longer holds up the operation in flight (it is resynced when it returns).
    /// If it was the primary and no room has applied the command yet, the command starts over on the next
    /// primary: the client never hears of the failover.
    /// </summary>
    private void ForgetServerInWrite(string server)
    {
        if (_inFlight is not { } op || !op.Targets.Remove(server)) return;
        var wasAwaited = op.Awaiting.Remove(server);
        var beforeApplying = op.Step is WriteOperation.Phase.ResolvingIds or WriteOperation.Phase.ReadingNextSong or WriteOperation.Phase.Probing
            or WriteOperation.Phase.Holding or WriteOperation.Phase.RunningOnPrimary;
        if (server == op.Primary && beforeApplying)
        {
            Timers.Cancel("write");
            Timers.Cancel("probe");
            _inFlight = null;
            _writes.AddFirst(new WriteOperation(op.Tag, op.Request, op.ReplyTo));
            return; // started again once a new primary is elected
        }
        if (op.Targets.Count == 0 || (server == op.Primary && op.Step == WriteOperation.Phase.ReadingPrimaryOrder))
        {
            op.Responses.TryAdd(server, MpdResponse.Fail(new MpdError(AckCode.System, 0, op.Request.Request.Command,
                $"server {server} was lost during the command")));
            FinishWrite(op);
        }
        else if (wasAwaited && op.Awaiting.Count == 0)
        {
            if (op.Step == WriteOperation.Phase.Probing) AssessProbes(op);
            else if (op.Step == WriteOperation.Phase.Applying) FinishWrite(op);
        }
    }

    private void FinishWrite(WriteOperation op)
    {
        Timers.Cancel("write");
        Timers.Cancel("probe");
        _inFlight = null;
        foreach (var server in op.Divergent.ToList())
            MarkDiverged(server, $"answered {op.Request.Request.Command} differently from the primary {op.Primary}");
        op.ReplyTo.Tell(new Executed(op.Request.Id, op.Primary, op.Answer));
        OnWriteFinishedForLibrary(op);
        StartNextWrite();
    }
}

using Akka.Actor;
using Prosync.Actors.Continuity;
using Prosync.Actors.Latency;
using Prosync.Actors.Protocol;

namespace Prosync.Actors.Servers;

/// <summary>Run a client's command on this server; <see cref="Executed"/> goes to <paramref name="ReplyTo"/>.</summary>
/// <param name="Positions">Queue positions of the command's song-id arguments (from the primary), to translate into this server's ids; null = send as is.</param>
/// <param name="SendAt">For a timed broadcast: the <see cref="TimeProvider.GetTimestamp"/> instant to write the command at.</param>
public sealed record Execute(long Tag, MpdRequest Request, CommandInfo Info, SessionState Session, IActorRef ReplyTo,
    IReadOnlyList<int>? Positions = null, long? SendAt = null) : IServerRequest
{
    /// <summary>Marked <see cref="Executed.ServerFailed"/>: nothing was applied, another server may answer.</summary>
    public object Failed(string server, MpdError error) =>
        new Executed(Tag, server, MpdResponse.Fail(error with { Command = Request.Command }), ServerFailed: true);
}

/// <summary>A server's whole response to one <see cref="Execute"/>; for a timed one, when it was written (timestamp) and how late.</summary>
/// <param name="ServerFailed">The server could not run it (connection lost): nothing was applied, another server may answer.</param>
public sealed record Executed(long Tag, string Server, MpdResponse Response, TimeSpan? Lateness = null, bool ServerFailed = false);

/// <summary>Find the queue positions of a command's song-id arguments on this server.</summary>
public sealed record ResolveSongIds(long Tag, MpdRequest Request, CommandInfo Info, IActorRef ReplyTo) : IServerRequest
{
    public object Failed(string server, MpdError error) => new SongIdsResolved(Tag, server, [], error with { Command = Request.Command });
}

/// <summary>Positions of the song ids, or the error MPD would give for them.</summary>
public sealed record SongIdsResolved(long Tag, string Server, int[] Positions, MpdError? Error);

/// <summary>Reorder this server's queue so its files are in <paramref name="Files"/>' order (after a shuffle on the primary).</summary>
public sealed record CopyQueueOrder(long Tag, IReadOnlyList<string> Files, IActorRef ReplyTo) : IServerRequest
{
    public object Failed(string server, MpdError error) => new Executed(Tag, server, MpdResponse.Fail(error));
}

/// <summary>Report the files of the queue, in order (<see cref="QueueFiles"/>).</summary>
public sealed record ReadQueueFiles(long Tag, IActorRef ReplyTo) : IServerRequest
{
    public object Failed(string server, MpdError error) => new QueueFiles(Tag, server, []);
}

public sealed record QueueFiles(long Tag, string Server, IReadOnlyList<string> Files);

/// <summary>Told to the cluster whenever a server's state changes.</summary>
public sealed record ServerStateChanged(string Server, ServerState State, MpdVersion? Version);

/// <summary>Told to the cluster when the server's own idle connection reports changes; <paramref name="ReceivedAt"/> is the I/O-path timestamp.</summary>
public sealed record ServerEvents(string Server, Subsystems Changed, long ReceivedAt);

/// <summary>A message from one of a <see cref="ServerActor"/> instance's own I/O tasks, stamped with that instance.</summary>
internal sealed record FromIo(object Incarnation, object Message);

internal sealed record IdleReturned(Subsystems Changed, long ReceivedAt);

internal sealed record ServerConnected(MpdConnection Writes, MpdConnection Reads, MpdConnection Idle, MpdConnection Probe,
    IReadOnlyList<string> DefaultTagTypes)
{
    public IReadOnlyList<MpdConnection> All => [Writes, Reads, Idle, Probe];
}

internal sealed record ServerConnectFailed(Exception Reason);

internal sealed record ServerConnectionLost(Exception Reason);

/// <summary>Probe the path now (the pre-send probe); answered with <see cref="ProbeResult"/>.</summary>
public sealed record ProbeNow(long Tag, IActorRef ReplyTo) : IServerRequest
{
    public object Failed(string server, MpdError error) => new ProbeResult(Tag, server, double.NaN);
}

/// <summary>One probe's round trip (NaN when the server is not connected) and the estimate after it.</summary>
public sealed record ProbeResult(long Tag, string Server, double RttMs);

/// <summary>Told to the cluster after every probe: the latest estimate and the raw round trip.</summary>
public sealed record LatencyUpdated(string Server, LatencyEstimate Estimate, double LastRttMs);

/// <summary>Time to show MPD that the command connections are alive (see <see cref="ServerOptions.KeepAliveInterval"/>).</summary>
internal sealed record KeepAliveTick
{
    public static readonly KeepAliveTick Instance = new();
}

internal sealed record ProbeTick
{
    public static readonly ProbeTick Instance = new();
}

internal sealed record ProbeReturned(TimedResponse Response, IActorRef? ReplyTo, long Tag);

/// <summary>Read this room's state (<see cref="Cluster.RoomState"/>); answered with <see cref="SnapshotTaken"/>.</summary>
public sealed record TakeSnapshot(long Tag, IActorRef ReplyTo) : IServerRequest
{
    public object Failed(string server, MpdError error) => new SnapshotTaken(Tag, server, null, 0, error.Message);
}

/// <summary>A room's state and the I/O timestamp at which its <c>status</c> came back (to date its elapsed time).</summary>
public sealed record SnapshotTaken(long Tag, string Server, Cluster.RoomState? State, long StatusReceivedAt, string? Error);

/// <summary>Run these command lines in order on the write connection; answered with <see cref="Executed"/> (the first failure, or OK).</summary>
public sealed record ApplyCommands(long Tag, IReadOnlyList<string> Lines, IActorRef ReplyTo) : IServerRequest
{
    public object Failed(string server, MpdError error) => new Executed(Tag, server, MpdResponse.Fail(error));
}

/// <summary>Read <c>status</c> on the read connection; answered with <see cref="StatusRead"/>.</summary>
public sealed record ReadStatus(long Tag, IActorRef ReplyTo) : IServerRequest
{
    public object Failed(string server, MpdError error) => new StatusRead(Tag, server, null, 0);
}

/// <summary>A room's <c>status</c> (null if it failed) and the I/O timestamp it came back at.</summary>
public sealed record StatusRead(long Tag, string Server, MpdResponse? Status, long ReceivedAt);

/// <summary>
/// Told to the parent after every probe: this room's measured playback position (offset against the proxy's clock),
/// with the queue position and state of the reading it came from.
/// </summary>
public sealed record PositionUpdated(string Server, PositionEstimate Estimate, ClockRate Rate, int Song, string State);

/// <summary>
/// How far the correction <paramref name="Tag"/> really moved the room: its position measured once it had settled,
/// against where it was before (its clock's drift taken out).
/// </summary>
public sealed record CorrectionMeasured(string Server, long Tag, double ActualShiftMs);

/// <summary>One line to write at a <see cref="TimeProvider.GetTimestamp"/> instant.</summary>
public readonly record struct TimedLine(string Line, long SendAt);

/// <summary>
/// Write these lines at their instants on the write connection (a correction); answered with <see cref="Executed"/>
/// (the first failure, or OK; the latest lateness). Position readings sent before <paramref name="PositionsResumeAt"/>
/// are dropped, since they may straddle the correction; <paramref name="ExpectedShiftMs"/> is how far it moves the room's
/// position when that is known precisely (a pause: minus its length), null when not (a seek).
/// </summary>
public sealed record ApplyTimed(long Tag, IReadOnlyList<TimedLine> Lines, long PositionsResumeAt, double? ExpectedShiftMs,
    IActorRef ReplyTo) : IServerRequest
{
    /// <summary>Marked <see cref="Executed.ServerFailed"/>: the room's connection broke under the correction.</summary>
    public object Failed(string server, MpdError error) => new Executed(Tag, server, MpdResponse.Fail(error), ServerFailed: true);
}

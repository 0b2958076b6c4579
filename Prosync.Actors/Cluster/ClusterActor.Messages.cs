using Akka.Actor;
using Prosync.Actors.Latency;
using Prosync.Actors.Protocol;
using Prosync.Actors.Proxy;
using Prosync.Actors.Servers;

namespace Prosync.Actors.Cluster;

/// <summary>A new client session; answered with <see cref="Welcome"/>. The session is watched.</summary>
public sealed record RegisterSession(IActorRef Session);

/// <summary>The protocol version to greet the client with: the lowest among the servers.</summary>
public sealed record Welcome(MpdVersion Version);

/// <summary>A client's command to route; the answer is an <see cref="Executed"/> with the same id, told to the sender.</summary>
public sealed record ClientRequest(long Id, MpdRequest Request, CommandInfo Info, SessionState Session);

/// <summary>Idle events for every session, merged: only the primary's events, once each.</summary>
public sealed record SubsystemsChanged(Subsystems Changed);

/// <summary>Ask for a <see cref="ClusterStatus"/> (dashboard, API, tests).</summary>
public sealed record GetClusterStatus
{
    public static readonly GetClusterStatus Instance = new();
}

/// <summary>Everything a person wants to see about the rooms, at one instant.</summary>
public sealed record ClusterStatus(IReadOnlyList<ServerStatus> Servers, string? Primary,
    IReadOnlyList<BroadcastRecord> RecentBroadcasts, PlayerStatus? Player, IReadOnlyList<ResyncRecord> RecentResyncs)
{
    public int InSyncCount => Servers.Count(s => s.State == ServerState.InSync);
}

/// <summary>One room: its state and its latency as measured by the probes.</summary>
/// <param name="Latency">The estimator's current figures (RTT, one-way, jitter, samples, outliers rejected).</param>
/// <param name="LastRttMs">The most recent probe's round trip; NaN before the first.</param>
/// <param name="Continuity">Its measured position against the primary's, its clock rate and the corrections made.</param>
public sealed record ServerStatus(string Name, string Address, ServerState State, double OffsetMs,
    LatencyEstimate Latency, double LastRttMs, DateTimeOffset StateSince, ContinuityStatus Continuity)
{
    /// <summary>Why the room's resync is stopped (a song it lacks that cannot be copied), until something changes; null otherwise.</summary>
    public string? RepairBlockedReason { get; init; }
}

/// <summary>A room's playback as measured from its probes.</summary>
/// <param name="PositionErrorMs">How far ahead (+) or behind (−) of the primary the room is heard; null while not both playing
/// the same song with a settled estimate.</param>
/// <param name="PositionUncertaintyMs">The room's position estimate's own uncertainty.</param>
/// <param name="ClockRatePpm">Its clock against the proxy's, in parts per million (+: runs fast); null until tracked long enough.</param>
/// <param name="Corrections">Corrections made to this room since the proxy started.</param>
public sealed record ContinuityStatus(double? PositionErrorMs, double? PositionUncertaintyMs, double? ClockRatePpm,
    double? ClockRateUncertaintyPpm, int Corrections, DateTimeOffset? LastCorrectionAt, string? LastCorrection);

/// <summary>
/// A timed broadcast as it happened. <paramref name="FiringSpreadMs"/> is how far apart the planned writes actually
/// left (scheduler lateness); <paramref name="EstimatedSkewMs"/> is the spread of the instants each room took effect,
/// estimated from when each room's own change event came back minus its one-way delay (NaN until they are all in).
/// </summary>
public sealed record BroadcastRecord(DateTimeOffset At, string Command, IReadOnlyList<string> Servers,
    double PlannedSpreadMs, double FiringSpreadMs, double HeldMs, double EstimatedSkewMs);

/// <summary>What the primary is playing.</summary>
public sealed record PlayerStatus(string State, string? File, string? Artist, string? Title, double ElapsedSeconds,
    double DurationSeconds, int Volume);

/// <summary>Add a room at run time; answered with <see cref="OperationResult"/>.</summary>
public sealed record AddServer(ServerEndpoint Endpoint);

/// <summary>Remove a room at run time; answered with <see cref="OperationResult"/>.</summary>
public sealed record RemoveServer(string Name);

/// <summary>Set a room's audio output latency; answered with <see cref="OperationResult"/>.</summary>
public sealed record SetServerOffset(string Name, double OffsetMs);

/// <summary>Bring a room back to the cluster's state now; answered with <see cref="OperationResult"/> once started.</summary>
public sealed record ResyncServer(string Name);

public sealed record OperationResult(bool Succeeded, string Message);

internal sealed record WriteTimedOut(long Tag);

/// <summary>A client-to-client message for a session subscribed to <paramref name="Channel"/>.</summary>
public sealed record ChannelMessage(string Channel, string Text);

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

    /// <summary>The house's groups (MPD partitions), default first; one group when the cluster runs alone.</summary>
    public IReadOnlyList<GroupStatus> Groups { get; init; } = [];
}

/// <summary>One group of rooms (an MPD partition): its rooms, primary, what it plays and its volume (null: never set).</summary>
public sealed record GroupStatus(string Name, IReadOnlyList<string> Rooms, string? Primary, PlayerStatus? Player, int? Volume);

/// <summary>One room: its state and its latency as measured by the probes.</summary>
/// <param name="Latency">The estimator's current figures (RTT, one-way, jitter, samples, outliers rejected).</param>
/// <param name="LastRttMs">The most recent probe's round trip; NaN before the first.</param>
/// <param name="Continuity">Its measured position against the primary's, its clock rate and the corrections made.</param>
public sealed record ServerStatus(string Name, string Address, ServerState State, double OffsetMs,
    LatencyEstimate Latency, double LastRttMs, DateTimeOffset StateSince, ContinuityStatus Continuity)
{
    /// <summary>The group (MPD partition) the room plays in.</summary>
    public string Group { get; init; } = "default";

    /// <summary>False: taken out of its group's playback (silent, its queue kept in step).</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Factor on the group's volume, 0 (muted) to 1.</summary>
    public double Trim { get; init; } = 1;

    /// <summary>The room's id as an MPD output.</summary>
    public int OutputId { get; init; }

    /// <summary>False when the room's MPD has no mixer (volume -1: volume commands skip it); null until read.</summary>
    public bool? HasMixer { get; init; }

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

/// <summary>Names the cluster as a group (MPD partition) of the house, with its volume as last set; sent first.</summary>
public sealed record ConfigureGroup(string Name, int? Volume);

/// <summary>
/// A room's place in its group: enabled (plays with the group) or not (silent, its queue kept in step), and its
/// trim (factor on the group volume). A change is brought to the room by a resync, in the write order.
/// </summary>
public sealed record ConfigureRoom(string Name, bool Enabled, double Trim);

/// <summary>A session moved to this group (its partition): it gets the group's idle events from now on. No greeting.</summary>
public sealed record JoinSession(IActorRef Session);

/// <summary>A session left this group for another.</summary>
public sealed record LeaveSession(IActorRef Session);

/// <summary>Told to the house when a client set the group's volume, so it is kept.</summary>
public sealed record GroupVolumeChanged(string Group, int Volume);

/// <summary>Requests held for a primary that did not come in time are answered as failed.</summary>
internal sealed record HeldRequestsExpired
{
    public static readonly HeldRequestsExpired Instance = new();
}

/// <summary>Told to the house when a group's cluster restarted: its settings, rooms' settings and sessions are to be told again.</summary>
public sealed record GroupRestarted(IActorRef Group);

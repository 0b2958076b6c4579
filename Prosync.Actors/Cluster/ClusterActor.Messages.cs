using Prosync.Actors.Kernel;
using Prosync.Actors.Protocol;
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

public sealed record GetClusterStatus
{
    public static readonly GetClusterStatus Instance = new();
}

public sealed record ClusterStatus(IReadOnlyList<ServerStatus> Servers, string? Primary)
{
    public int InSyncCount => Servers.Count(s => s.State == ServerState.InSync);
}

public sealed record ServerStatus(string Name, string Address, ServerState State);

internal sealed record WriteTimedOut(long Tag);

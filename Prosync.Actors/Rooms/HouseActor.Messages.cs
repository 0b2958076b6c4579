using Akka.Actor;
using Prosync.Actors.Cluster;
using Prosync.Actors.Proxy;

namespace Prosync.Actors.Rooms;

/// <summary>Set a room's trim (0..1 factor on its group's volume); answered with <see cref="OperationResult"/>.</summary>
public sealed record SetRoomTrim(string Name, double Trim);

/// <summary>Move a room to a group; it joins that group's playback in step. Answered with <see cref="OperationResult"/>.</summary>
public sealed record SetRoomGroup(string Name, string Group);

/// <summary>Take a room out of its group's playback (silent) or back in (in step); answered with <see cref="OperationResult"/>.</summary>
public sealed record SetRoomEnabled(string Name, bool Enabled);

/// <summary>Make an empty group; answered with <see cref="OperationResult"/>.</summary>
public sealed record CreateGroup(string Name);

/// <summary>Delete an empty group (not the default); answered with <see cref="OperationResult"/>.</summary>
public sealed record DeleteGroup(string Name);

/// <summary>Every group's status, gathered for one asker.</summary>
internal sealed record StatusesGathered(IActorRef ReplyTo, IReadOnlyList<string> Groups, IReadOnlyList<ClusterStatus> Statuses);

internal sealed record StatusFailed(IActorRef ReplyTo, Exception Reason);

/// <summary>The layout file was written, or why not.</summary>
internal sealed record LayoutSaved(string? Error)
{
    public static readonly LayoutSaved Ok = new((string?)null);
}

/// <summary>A group's answer to a room added to it, for the house to keep or forget the room and answer the caller.</summary>
internal sealed record RoomAddAnswered(ServerEndpoint Endpoint, OperationResult Result, IActorRef ReplyTo);

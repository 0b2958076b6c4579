using Prosync.Actors.Protocol;

namespace Prosync.Actors.Servers;

/// <summary>A response with the <see cref="TimeProvider.GetTimestamp"/> values of its request's write and its own arrival.</summary>
public readonly record struct TimedResponse(MpdResponse Response, long SentAt, long ReceivedAt);

using Akka.Actor;
using Prosync.Actors.Protocol;

namespace Prosync.Actors.Servers;

/// <summary>
/// A request to a <see cref="ServerActor"/>, answered to <see cref="ReplyTo"/>. It says its own failure reply, so
/// a request that finds no connection (or none at all: a room between two incarnations) is still answered.
/// </summary>
public interface IServerRequest
{
    IActorRef ReplyTo { get; }

    /// <summary>The reply when <paramref name="server"/> could not run it.</summary>
    object Failed(string server, MpdError error);

    /// <summary>The reply when <paramref name="server"/> is not connected.</summary>
    object NotConnected(string server) =>
        Failed(server, new MpdError(AckCode.System, 0, "", $"server {server} is not connected"));
}

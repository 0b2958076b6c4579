using Akka.Actor;
using Prosync.Actors.Protocol;
using Prosync.Actors.Servers;

namespace Prosync.Actors.Cluster;

/// <summary>
/// MPD's client-to-client messages (subscribe, unsubscribe, channels, sendmessage) among the proxy's
/// own clients: subscriptions are per client connection, which the shared backend connections cannot
/// carry, so the cluster is the broker. Each session keeps its own inbox (readmessages).
/// </summary>
public sealed partial class ClusterActor
{
    private readonly Dictionary<string, HashSet<IActorRef>> _channels = new(StringComparer.Ordinal);

    private static bool IsMessagingCommand(string command) => command is "subscribe" or "unsubscribe" or "channels" or "sendmessage";

    private void HandleMessaging(ClientRequest request)
    {
        var args = request.Request.Args;
        var command = request.Request.Command;
        MpdResponse response = command switch
        {
            "subscribe" when !IsValidChannelName(args[0]) => Fail(command, AckCode.Arg, "invalid channel name"),
            "subscribe" when !Subscribers(args[0]).Add(Sender) => Fail(command, AckCode.Exist, "already subscribed to this channel"),
            "subscribe" => Subscribed(),
            "unsubscribe" when !_channels.TryGetValue(args[0], out var members) || !members.Remove(Sender)
                => Fail(command, AckCode.NoExist, "not subscribed to this channel"),
            "unsubscribe" => Subscribed(),
            "channels" => new MpdResponse(_channels.Where(c => c.Value.Count > 0).Select(c => "channel: " + c.Key).Order(StringComparer.Ordinal).ToList()),
            _ => Deliver(args[0], args[1], command),
        };
        Sender.Tell(new Executed(request.Id, "", response));
    }

    private HashSet<IActorRef> Subscribers(string channel)
    {
        if (!_channels.TryGetValue(channel, out var members)) _channels[channel] = members = [];
        return members;
    }

    private MpdResponse Subscribed()
    {
        Publish(Subsystems.Subscription);
        return MpdResponse.Ok;
    }

    private MpdResponse Deliver(string channel, string text, string command)
    {
        if (!_channels.TryGetValue(channel, out var members) || members.Count == 0)
            return Fail(command, AckCode.NoExist, "nobody is subscribed to this channel");
        foreach (var member in members) member.Tell(new ChannelMessage(channel, text));
        return MpdResponse.Ok;
    }

    private void ForgetSubscriber(IActorRef session)
    {
        var changed = false;
        foreach (var members in _channels.Values) changed |= members.Remove(session);
        if (changed) Publish(Subsystems.Subscription);
    }

    private static MpdResponse Fail(string command, AckCode code, string message) =>
        MpdResponse.Fail(new MpdError(code, 0, command, message));

    /// <summary>MPD's rule: letters, digits and <c>_ - . :</c>.</summary>
    private static bool IsValidChannelName(string name) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or ':');
}

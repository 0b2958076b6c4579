using Serilog;

namespace Prosync.Actors.Kernel;

/// <summary>Sink for undeliverable messages: logs them at Debug and never throws.</summary>
internal sealed class DeadLetterActorRef(ILogger log) : IInternalActorRef
{
    private readonly ILogger _log = log.ForContext("ActorPath", "/deadLetters");

    public string Path => "/deadLetters";

    public void Tell(object message, IActorRef? sender = null) =>
        Publish(message, sender ?? ActorCell.Current?.Self ?? ActorRefs.Nobody, this);

    public void Publish(object? message, IActorRef sender, IActorRef recipient) =>
        _log.Debug("Dead letter {MessageType} from {Sender} to {Recipient}",
            message?.GetType().Name ?? "null", sender.Path, recipient.Path);

    public void SendSystem(SystemMessage message) => ActorCell.OnSystemMessageToDeadActor(this, message);

    public bool Equals(IActorRef? other) => ReferenceEquals(this, other);
    public override string ToString() => Path;
}

namespace Prosync.Actors.Kernel;

/// <summary>The ref of an actor cell. One instance per cell, so equality is identity: a new actor
/// created later under the same path is a different actor.</summary>
internal sealed class LocalActorRef(ActorCell cell) : IInternalActorRef
{
    internal ActorCell Cell { get; } = cell;

    public string Path => Cell.Path;

    public void Tell(object message, IActorRef? sender = null)
    {
        var from = sender ?? ActorCell.Current?.Self ?? ActorRefs.Nobody;
        if (message is null)
        {
            Cell.System.DeadLetterRef.Publish(message, from, this);
            return;
        }
        if (!Cell.Mailbox.Post(new Envelope(message, from)))
            Cell.System.DeadLetterRef.Publish(message, from, this);
    }

    public void SendSystem(SystemMessage message)
    {
        if (!Cell.Mailbox.PostSystem(message))
            ActorCell.OnSystemMessageToDeadActor(this, message);
    }

    public bool Equals(IActorRef? other) => ReferenceEquals(this, other);
    public override bool Equals(object? obj) => ReferenceEquals(this, obj);
    public override int GetHashCode() => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(this);
    public override string ToString() => Path;
}

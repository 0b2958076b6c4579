namespace Prosync.Actors.Kernel;

internal sealed class NobodyActorRef : IInternalActorRef
{
    public string Path => "/nobody";

    public void Tell(object message, IActorRef? sender = null) { }

    // Nobody is "always dead": a watcher learns that immediately.
    public void SendSystem(SystemMessage message) => ActorCell.OnSystemMessageToDeadActor(this, message);

    public bool Equals(IActorRef? other) => ReferenceEquals(this, other);
    public override string ToString() => Path;
}

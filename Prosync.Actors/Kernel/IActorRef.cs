namespace Prosync.Actors.Kernel;

/// <summary>An immutable, thread-safe handle to an actor. The only way to talk to it.</summary>
public interface IActorRef : IEquatable<IActorRef>
{
    /// <summary>Hierarchical path, e.g. "/user/cluster/server-a".</summary>
    string Path { get; }

    /// <summary>
    /// Enqueues <paramref name="message"/>. Never throws; a stopped actor's messages go to dead letters.
    /// A null <paramref name="sender"/> means "the calling actor" when called from inside an actor, else Nobody.
    /// </summary>
    void Tell(object message, IActorRef? sender = null);
}

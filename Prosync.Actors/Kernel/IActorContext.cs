namespace Prosync.Actors.Kernel;

/// <summary>The actor's view of the kernel. Use only from inside the actor (its handlers and lifecycle hooks).</summary>
public interface IActorContext
{
    IActorRef Self { get; }
    IActorRef Parent { get; }
    /// <summary>Sender of the message being processed; <see cref="ActorRefs.Nobody"/> if none.</summary>
    IActorRef Sender { get; }
    ActorSystem System { get; }
    /// <summary>Same as <see cref="ActorSystem.Time"/>.</summary>
    TimeProvider Time { get; }
    /// <summary>Creates a child. The name must be unique among live siblings; null picks a unique one.</summary>
    IActorRef ActorOf(Props props, string? name = null);
    IReadOnlyCollection<IActorRef> Children { get; }
    /// <summary><see cref="Terminated"/> is delivered once when <paramref name="subject"/> stops, also if it is already dead.</summary>
    void Watch(IActorRef subject);
    void Unwatch(IActorRef subject);
    /// <summary>Asynchronous stop: the actor finishes its current message, stops its children, runs PostStop,
    /// then watchers and parent are told.</summary>
    void Stop(IActorRef child);
}

namespace Prosync.Actors.Kernel;

public static class ActorRefs
{
    /// <summary>The "no actor" ref: the sender of messages sent from outside any actor. Tell is a no-op.</summary>
    public static IActorRef Nobody { get; } = new NobodyActorRef();
}

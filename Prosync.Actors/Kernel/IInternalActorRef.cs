namespace Prosync.Actors.Kernel;

/// <summary>Kernel-side view of a ref: it can also receive system messages.</summary>
internal interface IInternalActorRef : IActorRef
{
    void SendSystem(SystemMessage message);
}

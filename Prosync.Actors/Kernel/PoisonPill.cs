namespace Prosync.Actors.Kernel;

/// <summary>A user message: the actor stops when it reaches it, after the messages queued ahead of it.</summary>
public sealed class PoisonPill
{
    public static readonly PoisonPill Instance = new();
    private PoisonPill() { }
    public override string ToString() => nameof(PoisonPill);
}

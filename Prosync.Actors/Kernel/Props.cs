namespace Prosync.Actors.Kernel;

/// <summary>How to create an actor. The factory is called again on every restart, so it must return a fresh instance.</summary>
public sealed class Props
{
    private Props(Type actorType, Func<Actor> factory)
    {
        ActorType = actorType;
        Factory = factory;
    }

    public Func<Actor> Factory { get; }

    /// <summary>The declared actor type (used for logging).</summary>
    public Type ActorType { get; }

    public static Props Create<T>(Func<T> factory) where T : Actor
    {
        ArgumentNullException.ThrowIfNull(factory);
        return new Props(typeof(T), () => factory());
    }
}

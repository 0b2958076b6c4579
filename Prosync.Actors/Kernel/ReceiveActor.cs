namespace Prosync.Actors.Kernel;

/// <summary>
/// Akka-style actor: register handlers in the constructor. The first registered handler whose type (and predicate)
/// matches wins; a message nobody handles goes to <see cref="Actor.Unhandled"/>.
/// </summary>
public abstract class ReceiveActor : Actor
{
    private readonly List<Func<object, Task?>> _handlers = [];

    protected void Receive<T>(Action<T> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _handlers.Add(m => m is T t ? Run(handler, t) : null);
    }

    protected void Receive<T>(Predicate<T> shouldHandle, Action<T> handler)
    {
        ArgumentNullException.ThrowIfNull(shouldHandle);
        ArgumentNullException.ThrowIfNull(handler);
        _handlers.Add(m => m is T t && shouldHandle(t) ? Run(handler, t) : null);
    }

    protected void ReceiveAsync<T>(Func<T, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _handlers.Add(m => m is T t ? handler(t) : null);
    }

    protected void ReceiveAsync<T>(Predicate<T> shouldHandle, Func<T, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(shouldHandle);
        ArgumentNullException.ThrowIfNull(handler);
        _handlers.Add(m => m is T t && shouldHandle(t) ? handler(t) : null);
    }

    protected void ReceiveAny(Action<object> handler) => Receive(handler);

    protected void ReceiveAnyAsync(Func<object, Task> handler) => ReceiveAsync(handler);

    protected internal sealed override Task ReceiveAsync(object message)
    {
        foreach (var handler in _handlers)
        {
            // A null result means "not mine"; handlers that match always return a task.
            if (handler(message) is { } task)
                return task;
        }
        Unhandled(message);
        return Task.CompletedTask;
    }

    private static Task Run<T>(Action<T> handler, T message)
    {
        handler(message);
        return Task.CompletedTask;
    }
}

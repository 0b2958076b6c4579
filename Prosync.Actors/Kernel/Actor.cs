using Serilog;

namespace Prosync.Actors.Kernel;

/// <summary>
/// Base class of all actors. The kernel calls <see cref="ReceiveAsync"/> with one message at a time and awaits it
/// before the next, so actor state needs no locking.
/// </summary>
public abstract class Actor
{
    private ActorCell? _cell;

    protected Actor()
    {
        // When built by the kernel's factory call, the context is usable from the constructor on.
        _cell = ActorCell.Constructing;
    }

    internal ActorCell Cell
    {
        get => _cell ?? throw new InvalidOperationException(
            $"{GetType().Name} is not running inside an actor system; create it with Props and ActorOf.");
        set => _cell = value;
    }

    /// <summary>Valid from PreStart on (and in the constructor when created by the kernel).</summary>
    protected IActorContext Context => Cell;
    protected IActorRef Self => Cell.Self;
    /// <summary>Sender of the current message (also after awaits inside the handler); Nobody if none.</summary>
    protected IActorRef Sender => Cell.Sender;
    /// <summary>Keyed timers; all are cancelled on restart and stop.</summary>
    protected ITimerScheduler Timers => Cell.Timers;
    /// <summary>Logger carrying the ActorPath property.</summary>
    protected ILogger Log => Cell.Log;

    /// <summary>Handles one message. A thrown exception or faulted task fails the actor (see supervision).</summary>
    protected internal abstract Task ReceiveAsync(object message);

    protected virtual void PreStart() { }

    protected virtual void PostStop() { }

    /// <summary>Called on the failed instance before it is replaced. Default: stop all children, then PostStop.</summary>
    protected virtual void PreRestart(Exception reason, object? message)
    {
        foreach (var child in Context.Children)
            Context.Stop(child);
        PostStop();
    }

    /// <summary>Called on the fresh instance after a restart. Default: PreStart.</summary>
    protected virtual void PostRestart(Exception reason) => PreStart();

    /// <summary>How this actor supervises its children.</summary>
    protected virtual SupervisorStrategy SupervisorStrategy => SupervisorStrategy.Default;

    /// <summary>Call for messages the actor does not understand; logged at Debug.</summary>
    protected void Unhandled(object message) =>
        Log.Debug("Unhandled message {MessageType} from {Sender}", message?.GetType().Name ?? "null", Sender.Path);

    internal void InvokePreStart() => PreStart();
    internal void InvokePostStop() => PostStop();
    internal void InvokePreRestart(Exception reason, object? message) => PreRestart(reason, message);
    internal void InvokePostRestart(Exception reason) => PostRestart(reason);
    internal SupervisorStrategy GetSupervisorStrategy() => SupervisorStrategy;
}

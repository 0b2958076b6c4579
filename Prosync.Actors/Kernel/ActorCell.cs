using Serilog;
using Serilog.Core;

namespace Prosync.Actors.Kernel;

/// <summary>
/// The kernel side of one actor: identity, mailbox, current actor instance, children, watchers and fault state.
/// All mutable state is touched only from the actor's own mailbox turns, except the children table
/// (see ActorCell.Children.cs), which ActorSystem.ActorOf may reach from any thread.
/// </summary>
internal sealed partial class ActorCell : IActorContext, IMessageInvoker
{
    // The actor whose code is running on this logical flow; flows across awaits inside handlers.
    // Used for implicit senders: Tell(msg) from inside an actor is sent "from" that actor.
    private static readonly AsyncLocal<ActorCell?> s_current = new();

    // Set only around Props.Factory so Actor's constructor can find its cell.
    [ThreadStatic] private static ActorCell? t_constructing;

    private readonly ActorCell? _parent;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Actor? _actor;
    private object? _currentMessage;
    private IActorRef _currentSender = ActorRefs.Nobody;
    private bool _terminated;

    public ActorCell(ActorSystem system, Props props, ActorCell? parent, string name)
    {
        System = system;
        Props = props;
        _parent = parent;
        Name = name;
        Path = parent is null ? "/" + name : parent.Path + "/" + name;
        Self = new LocalActorRef(this);
        Mailbox = new Mailbox(this);
        Timers = new TimerScheduler(this);
        Log = system.Log
            .ForContext(Constants.SourceContextPropertyName, props.ActorType.FullName)
            .ForContext("ActorPath", Path);
    }

    internal static ActorCell? Current => s_current.Value;
    internal static ActorCell? Constructing => t_constructing;

    public ActorSystem System { get; }
    public string Name { get; }
    public string Path { get; }
    public LocalActorRef Self { get; }
    public IActorRef Parent => _parent?.Self ?? ActorRefs.Nobody;
    public IActorRef Sender => _currentSender;
    public TimeProvider Time => System.Time;
    internal Props Props { get; }
    internal Mailbox Mailbox { get; }
    internal TimerScheduler Timers { get; }
    internal ILogger Log { get; }

    /// <summary>Completes after PostStop ran and watchers were notified.</summary>
    internal Task WhenStopped => _stopped.Task;

    IActorRef IActorContext.Self => Self;

    internal void Start() => Mailbox.PostSystem(Create.Instance);

    public void Stop(IActorRef actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor is LocalActorRef { Cell: var cell } && cell._parent == this)
            MarkChildStopping(cell);
        (actor as IInternalActorRef)?.SendSystem(Terminate.Instance);
    }

    public void InvokeSystem(SystemMessage message)
    {
        s_current.Value = this;
        if (_terminated)
        {
            OnSystemMessageToDeadActor(Self, message);
            return;
        }
        switch (message)
        {
            case Create: CreateActor(); break;
            case Terminate: BeginTerminate(); break;
            case Watch watch: AddWatcher(watch.Watcher); break;
            case Unwatch unwatch: _watchers.Remove(unwatch.Watcher); break;
            case DeathWatchNotification death: HandleDeathWatchNotification(death.Actor); break;
            case Failed failed: HandleChildFailed(failed.Child, failed.Cause); break;
            case Resume: HandleResume(); break;
            case Recreate recreate: HandleRecreate(recreate.Cause, recreate.Delay); break;
        }
    }

    public Task InvokeUser(Envelope envelope)
    {
        s_current.Value = this;
        switch (envelope.Message)
        {
            case TimerTick tick:
                if (!Timers.TryAccept(tick, out var timerMessage))
                    return Task.CompletedTask;   // from a cancelled, replaced or pre-restart timer
                envelope = new Envelope(timerMessage, ActorRefs.Nobody);
                break;
            case PoisonPill:
                BeginTerminate();
                return Task.CompletedTask;
        }

        if (_actor is not { } actor)
        {
            // Cannot happen while user messages flow (a missing instance means the actor is suspended); be safe.
            System.DeadLetterRef.Publish(envelope.Message, envelope.Sender, Self);
            return Task.CompletedTask;
        }

        _currentMessage = envelope.Message;
        _currentSender = envelope.Sender;
        try
        {
            return actor.ReceiveAsync(envelope.Message) ?? Task.CompletedTask;
        }
        catch (Exception e)
        {
            return Task.FromException(e);
        }
    }

    public void CompleteUser(Task handled)
    {
        s_current.Value = this;
        if (!handled.IsCompletedSuccessfully)
        {
            try
            {
                handled.GetAwaiter().GetResult();   // rethrows the original exception (or the cancellation)
            }
            catch (Exception e)
            {
                HandleFailure(e, _currentMessage);
            }
        }
        _currentMessage = null;
        _currentSender = ActorRefs.Nobody;
    }

    public void EndTurn() => s_current.Value = null;

    private void CreateActor()
    {
        try
        {
            _actor = NewActor();
            _actor.InvokePreStart();
            Log.Verbose("Started");
        }
        catch (Exception e)
        {
            HandleFailure(e, null);
        }
    }

    private Actor NewActor()
    {
        var previous = t_constructing;
        t_constructing = this;
        try
        {
            var actor = Props.Factory() ?? throw new InvalidOperationException($"The Props factory for {Path} returned null.");
            actor.Cell = this;
            return actor;
        }
        finally
        {
            t_constructing = previous;
        }
    }

    public override string ToString() => Path;
}

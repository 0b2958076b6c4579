using Prosync.Actors.Kernel;

namespace Prosync.Actors.Tests.Kernel;

/// <summary>A test actor assembled from delegates, exposing its protected members to them.</summary>
internal sealed class DelegateActor : Actor
{
    public Action<DelegateActor, object>? OnReceive { get; init; }
    public Func<DelegateActor, object, Task>? OnReceiveAsync { get; init; }
    public Action<DelegateActor>? OnPreStart { get; init; }
    public Action<DelegateActor>? OnPostStop { get; init; }
    public Action<DelegateActor, Exception, object?>? OnPreRestart { get; init; }
    public Action<DelegateActor, Exception>? OnPostRestart { get; init; }
    public SupervisorStrategy? Strategy { get; init; }

    /// <summary>Free per-instance state for tests.</summary>
    public int State { get; set; }

    public IActorContext Ctx => Context;
    public IActorRef Me => Self;
    public IActorRef CurrentSender => Sender;
    public ITimerScheduler TimerScheduler => Timers;

    protected internal override Task ReceiveAsync(object message)
    {
        if (OnReceiveAsync is not null)
            return OnReceiveAsync(this, message);
        if (OnReceive is not null)
            OnReceive(this, message);
        else
            Unhandled(message);
        return Task.CompletedTask;
    }

    protected override SupervisorStrategy SupervisorStrategy => Strategy ?? base.SupervisorStrategy;

    protected override void PreStart() => OnPreStart?.Invoke(this);

    protected override void PostStop() => OnPostStop?.Invoke(this);

    protected override void PreRestart(Exception reason, object? message)
    {
        OnPreRestart?.Invoke(this, reason, message);
        base.PreRestart(reason, message);
    }

    protected override void PostRestart(Exception reason)
    {
        OnPostRestart?.Invoke(this, reason);
        base.PostRestart(reason);
    }
}

/// <summary>The exception test actors throw on purpose.</summary>
internal sealed class BoomException(string message = "boom") : Exception(message);

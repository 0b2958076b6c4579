namespace Prosync.Actors.Kernel;

internal sealed partial class ActorCell
{
    private Exception? _failure;              // non-null while suspended, waiting for the parent's decision
    private object? _failedMessage;
    private Exception? _restartCause;         // restart waiting for stopping children before the new instance
    private ITimer? _backoffTimer;
    private List<ActorCell>? _escalatedChildren; // children whose failure we escalated; they wait on our fate
    private SupervisorStrategy? _strategy;        // last strategy seen, for failures while there is no instance

    /// <summary>Suspends this actor (its mailbox is kept) and asks the parent what to do.</summary>
    private void HandleFailure(Exception cause, object? message)
    {
        if (_terminating)
        {
            Log.Warning(cause, "Failure while stopping; ignored");
            return;
        }
        if (_failure is not null)
            return;   // already waiting for a decision; one is enough

        _failure = cause;
        _failedMessage = message;
        Mailbox.SuspendUser();
        Log.Error(cause, "Actor failed while handling {MessageType}", message?.GetType().Name ?? "a lifecycle hook");

        if (_parent is null)
            BeginTerminate();   // the guardian has no supervisor
        else
            _parent.Self.SendSystem(new Failed(this, cause));
    }

    private void HandleChildFailed(ActorCell child, Exception cause)
    {
        // A child already being stopped needs no decision, and a stopping parent stops all of them anyway.
        if (_terminating || !TryGetChild(child, out var entry) || entry.Stopping)
            return;

        SupervisorStrategy strategy;
        Directive directive;
        try
        {
            // Asked per failure (an actor may compute it); the restart history lives in the ChildEntry, not here.
            strategy = _strategy = _actor?.GetSupervisorStrategy() ?? _strategy ?? SupervisorStrategy.Default;
            directive = strategy.Decide(cause);
        }
        catch (Exception e)
        {
            Log.Error(e, "Supervisor strategy threw; escalating the failure of {Child}", child.Path);
            strategy = SupervisorStrategy.Default;
            directive = Directive.Escalate;
        }

        switch (directive)
        {
            case Directive.Resume:
                Log.Debug("Resuming {Child} after {Cause}", child.Path, cause.GetType().Name);
                child.Self.SendSystem(Resume.Instance);
                break;

            case Directive.Restart when strategy.RequestRestart(entry.Stats, Time, out var delay):
                Log.Debug("Restarting {Child} (restart {Count}) after {Delay}", child.Path, entry.Stats.Count, delay);
                child.Self.SendSystem(new Recreate(cause, delay));
                break;

            case Directive.Restart:
                Log.Warning("{Child} exceeded its restart budget; stopping it", child.Path);
                Stop(child.Self);
                break;

            case Directive.Stop:
                Log.Debug("Stopping {Child} after {Cause}", child.Path, cause.GetType().Name);
                Stop(child.Self);
                break;

            default:
                (_escalatedChildren ??= []).Add(child);
                HandleFailure(cause, null);
                break;
        }
    }

    private void HandleResume()
    {
        if (_failure is not { } failure || _terminating)
            return;
        if (_actor is null)
        {
            Restart(failure);   // creation failed: there is no instance to resume
            return;
        }
        ClearFailure();
        foreach (var child in TakeEscalatedChildren())
            child.Self.SendSystem(Resume.Instance);
        Mailbox.ResumeUser();
    }

    private void HandleRecreate(Exception cause, TimeSpan delay)
    {
        if (_failure is null || _terminating)
            return;   // stale (e.g. a backoff timer that raced with its disposal)

        _backoffTimer?.Dispose();
        _backoffTimer = null;
        if (delay > TimeSpan.Zero)
        {
            // Stay suspended, mailbox intact, until the backoff elapses; the timer just re-sends the restart.
            _backoffTimer = Time.CreateTimer(
                static state =>
                {
                    var (self, cause) = ((LocalActorRef, Exception))state!;
                    self.SendSystem(new Recreate(cause, TimeSpan.Zero));
                },
                (Self, cause), delay, Timeout.InfiniteTimeSpan);
            return;
        }
        Restart(cause);
    }

    /// <summary>PreRestart on the old instance, then (once children it stopped are gone) a fresh one.</summary>
    private void Restart(Exception cause)
    {
        Timers.CancelAll();
        if (_actor is { } failed)
        {
            try
            {
                failed.InvokePreRestart(cause, _failedMessage);
            }
            catch (Exception e)
            {
                Log.Error(e, "PreRestart threw; restarting anyway");
            }
        }
        _actor = null;

        // Children stopped by PreRestart must be gone first, so the new instance can reuse their names.
        if (AnyChildStopping())
            _restartCause = cause;
        else
            FinishRestart(cause);
    }

    private void FinishRestart(Exception cause)
    {
        _restartCause = null;
        ClearFailure();
        try
        {
            _actor = NewActor();
            _actor.InvokePostRestart(cause);
        }
        catch (Exception e)
        {
            HandleFailure(e, null);
            return;
        }
        Log.Debug("Restarted after {Cause}", cause.GetType().Name);

        // Children whose failure we escalated and that survived PreRestart are still suspended: restart them too.
        foreach (var child in TakeEscalatedChildren())
        {
            if (TryGetChild(child, out var entry) && !entry.Stopping)
                child.Self.SendSystem(new Recreate(cause, TimeSpan.Zero));
        }
        Mailbox.ResumeUser();
    }

    private void OnChildStopped(ActorCell child)
    {
        _escalatedChildren?.Remove(child);
        if (_terminating)
        {
            if (!HasChildren())
                FinishTerminate();
        }
        else if (_restartCause is { } cause && !AnyChildStopping())
        {
            FinishRestart(cause);
        }
    }

    private void ClearFailure()
    {
        _failure = null;
        _failedMessage = null;
    }

    private List<ActorCell> TakeEscalatedChildren()
    {
        var children = _escalatedChildren ?? [];
        _escalatedChildren = null;
        return children;
    }
}

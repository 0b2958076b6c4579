namespace Prosync.Actors.Kernel;

internal sealed partial class ActorCell
{
    /// <summary>Orderly stop, step 1: no more user messages or timers; stop the children and wait for them.</summary>
    private void BeginTerminate()
    {
        var children = BeginStoppingChildren();
        if (children is null)
            return;   // already stopping

        Mailbox.SuspendUser();
        Timers.CancelAll();
        _backoffTimer?.Dispose();
        _backoffTimer = null;

        foreach (var child in children)
            child.Self.SendSystem(Terminate.Instance);
        if (children.Length == 0)
            FinishTerminate();
    }

    /// <summary>Step 2, once every child is gone: PostStop, close the mailbox, tell watchers and the parent.</summary>
    private void FinishTerminate()
    {
        if (_terminated)
            return;
        _terminated = true;

        if (_actor is { } actor)
        {
            try
            {
                actor.InvokePostStop();
            }
            catch (Exception e)
            {
                Log.Error(e, "PostStop threw");
            }
        }
        _actor = null;

        Mailbox.Close();
        foreach (var envelope in Mailbox.DrainUser())
        {
            if (envelope.Message is not TimerTick)
                System.DeadLetterRef.Publish(envelope.Message, envelope.Sender, Self);
        }

        NotifyWatchersOfStop();
        Log.Verbose("Stopped");
        _stopped.TrySetResult();
    }
}

namespace Prosync.Actors.Kernel;

internal sealed partial class ActorCell
{
    private readonly HashSet<IInternalActorRef> _watchers = [];   // who watches this actor
    private readonly HashSet<IActorRef> _watching = [];           // whom this actor watches

    public void Watch(IActorRef subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        if (subject is IInternalActorRef target && !ReferenceEquals(subject, Self) && _watching.Add(subject))
            target.SendSystem(new Watch(target, Self));
    }

    public void Unwatch(IActorRef subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        if (subject is IInternalActorRef target && _watching.Remove(subject))
            target.SendSystem(new Unwatch(target, Self));
    }

    private void AddWatcher(IInternalActorRef watcher)
    {
        if (!ReferenceEquals(watcher, Self))
            _watchers.Add(watcher);
    }

    /// <summary>A watched actor or a child stopped. Removing from <see cref="_watching"/> makes delivery exactly-once
    /// even when the notification arrives twice (e.g. a parent that also watches its child).</summary>
    private void HandleDeathWatchNotification(IActorRef actor)
    {
        var child = actor is LocalActorRef { Cell: var cell } && RemoveChild(cell) ? cell : null;

        if (_watching.Remove(actor) && !_terminating)
            Mailbox.Post(new Envelope(new Terminated(actor), actor));

        if (child is not null)
            OnChildStopped(child);
    }

    private void NotifyWatchersOfStop()
    {
        // Parent first: by the time any watcher sees Terminated, the parent's notification is queued, and as a
        // system message it updates the parent's Children before the parent handles any later user message.
        var notification = new DeathWatchNotification(Self);
        _parent?.Self.SendSystem(notification);
        foreach (var watcher in _watchers)
            watcher.SendSystem(notification);
        _watchers.Clear();

        foreach (var subject in _watching)
            (subject as IInternalActorRef)?.SendSystem(new Unwatch((IInternalActorRef)subject, Self));
        _watching.Clear();
    }

    /// <summary>The target's mailbox is closed: a watch is answered at once, everything else is moot.</summary>
    internal static void OnSystemMessageToDeadActor(IInternalActorRef dead, SystemMessage message)
    {
        if (message is Watch watch)
            watch.Watcher.SendSystem(new DeathWatchNotification(dead));
    }
}

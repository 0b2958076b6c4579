namespace Prosync.Actors.Kernel;

/// <summary>
/// Installed while actor code runs, so that awaits inside handlers resume on the thread pool rather than inline
/// on whatever thread completes the awaited task (which may be another actor's turn). Serialisation does not
/// depend on it: the mailbox awaits the whole handler before the next message.
/// </summary>
internal sealed class ActorSynchronizationContext : SynchronizationContext
{
    public static readonly ActorSynchronizationContext Instance = new();

    private ActorSynchronizationContext() { }

    public override void Post(SendOrPostCallback d, object? state) =>
        ThreadPool.QueueUserWorkItem(static s =>
        {
            var previous = Current;
            SetSynchronizationContext(Instance);
            try { s.d(s.state); }
            finally { SetSynchronizationContext(previous); }
        }, (d, state), preferLocal: false);

    public override SynchronizationContext CreateCopy() => this;
}

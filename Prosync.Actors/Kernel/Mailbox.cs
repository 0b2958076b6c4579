using System.Threading.Channels;

namespace Prosync.Actors.Kernel;

/// <summary>
/// Per-actor queues plus the scheduling that runs them. A turn is queued on the thread pool only when there is
/// work, so idle actors cost no thread. Within a turn, system messages always go before the next user message.
/// Exactly one turn exists at a time (<see cref="_scheduled"/>), which makes the channels single-reader and
/// serialises the actor. While a handler awaits, the turn parks without a thread and resumes on the pool.
/// </summary>
internal sealed class Mailbox : IThreadPoolWorkItem
{
    // Messages per turn before the thread goes back to the pool, so a busy actor cannot starve the others.
    private const int Throughput = 100;

    private static readonly UnboundedChannelOptions Options = new() { SingleReader = true };

    private readonly Channel<SystemMessage> _system = Channel.CreateUnbounded<SystemMessage>(Options);
    private readonly Channel<Envelope> _user = Channel.CreateUnbounded<Envelope>(Options);
    private readonly IMessageInvoker _invoker;
    private readonly Action _resumeTurn;
    private int _scheduled;          // 1 while a turn is queued, running or parked on a handler task
    private bool _userSuspended;     // touched only inside turns
    private Task? _parkedHandler;

    public Mailbox(IMessageInvoker invoker)
    {
        _invoker = invoker;
        _resumeTurn = () => ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    /// <summary>False once the mailbox is closed (the actor has stopped).</summary>
    public bool Post(Envelope envelope)
    {
        if (!_user.Writer.TryWrite(envelope))
            return false;
        Schedule();
        return true;
    }

    public bool PostSystem(SystemMessage message)
    {
        if (!_system.Writer.TryWrite(message))
            return false;
        Schedule();
        return true;
    }

    /// <summary>Holds user messages back (they stay queued); system messages keep flowing. Call from a turn.</summary>
    public void SuspendUser() => _userSuspended = true;

    /// <summary>Call from a turn; the running turn picks user messages up again.</summary>
    public void ResumeUser() => _userSuspended = false;

    /// <summary>Refuses further posts. Already queued system messages are still handed to the invoker.</summary>
    public void Close()
    {
        _userSuspended = true;
        _system.Writer.TryComplete();
        _user.Writer.TryComplete();
    }

    /// <summary>Removes the user messages left after <see cref="Close"/>.</summary>
    public IEnumerable<Envelope> DrainUser()
    {
        while (_user.Reader.TryRead(out var envelope))
            yield return envelope;
    }

    private void Schedule()
    {
        if (Interlocked.CompareExchange(ref _scheduled, 1, 0) == 0)
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    void IThreadPoolWorkItem.Execute()
    {
        var previousContext = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(ActorSynchronizationContext.Instance);
        try
        {
            if (_parkedHandler is { } finished)
            {
                _parkedHandler = null;
                _invoker.CompleteUser(finished);
            }

            for (var processed = 0; processed < Throughput; processed++)
            {
                if (_system.Reader.TryRead(out var system))
                {
                    _invoker.InvokeSystem(system);
                    continue;
                }
                if (_userSuspended || !_user.Reader.TryRead(out var envelope))
                    break;

                var handled = _invoker.InvokeUser(envelope);
                if (!handled.IsCompleted)
                {
                    // Park: _scheduled stays 1 so no other turn starts. The continuation only re-queues the turn,
                    // so the actor never runs on the thread that happens to complete the task (e.g. another actor's).
                    _parkedHandler = handled;
                    handled.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(_resumeTurn);
                    return;
                }
                _invoker.CompleteUser(handled);
            }
        }
        finally
        {
            _invoker.EndTurn();
            SynchronizationContext.SetSynchronizationContext(previousContext);
        }

        // Full fence, then re-check: a post that raced with the end of this turn saw _scheduled == 1 and relied on us.
        Interlocked.Exchange(ref _scheduled, 0);
        if (HasWork())
            Schedule();
    }

    private bool HasWork() =>
        _system.Reader.TryPeek(out _) || (!_userSuspended && _user.Reader.TryPeek(out _));
}

namespace Prosync.Actors.Kernel;

/// <summary>Temporary reply target of an Ask: the first message told to it is the reply.</summary>
internal sealed class PromiseActorRef : IInternalActorRef
{
    private static long s_counter;
    private readonly TaskCompletionSource<object> _reply = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Path { get; } = "/temp/ask-" + Interlocked.Increment(ref s_counter);

    public Task<object> Reply => _reply.Task;

    public void Tell(object message, IActorRef? sender = null)
    {
        if (message is not null)
            _reply.TrySetResult(message);   // late or extra replies are dropped
    }

    public void SendSystem(SystemMessage message) { }

    public bool Equals(IActorRef? other) => ReferenceEquals(this, other);
    public override string ToString() => Path;
}

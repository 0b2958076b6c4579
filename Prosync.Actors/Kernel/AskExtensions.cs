namespace Prosync.Actors.Kernel;

public static class AskExtensions
{
    /// <summary>
    /// Sends <paramref name="message"/> with a temporary sender and returns its first reply (the target answers
    /// with <c>Sender.Tell(reply)</c>). Throws <see cref="TimeoutException"/> if no reply arrives within
    /// <paramref name="timeout"/> (measured on the target's ActorSystem.Time), and <see cref="InvalidCastException"/>
    /// if the reply is not a <typeparamref name="T"/>.
    /// </summary>
    public static Task<T> Ask<T>(this IActorRef target, object message, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(message);
        if (timeout <= TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan)
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "Must be positive or Timeout.InfiniteTimeSpan.");

        var time = (target as LocalActorRef)?.Cell.System.Time ?? TimeProvider.System;
        var promise = new PromiseActorRef();
        // The timeout starts before the Tell, so a fast reply can never race with its setup.
        var reply = promise.Reply.WaitAsync(timeout, time);
        target.Tell(message, promise);
        return AwaitReplyAsync<T>(reply, target, message, timeout);
    }

    private static async Task<T> AwaitReplyAsync<T>(Task<object> pending, IActorRef target, object message, TimeSpan timeout)
    {
        object reply;
        try
        {
            reply = await pending.ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException(
                $"Ask {message.GetType().Name} to {target.Path} got no reply within {timeout}.");
        }
        return reply is T typed
            ? typed
            : throw new InvalidCastException(
                $"Ask {message.GetType().Name} to {target.Path} expected a {typeof(T).Name} reply but got {reply.GetType().Name}.");
    }
}

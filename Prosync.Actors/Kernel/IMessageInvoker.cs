namespace Prosync.Actors.Kernel;

/// <summary>What a <see cref="Mailbox"/> drives: the actor cell (or a fake in tests).</summary>
internal interface IMessageInvoker
{
    void InvokeSystem(SystemMessage message);

    /// <summary>Starts handling a user message; the task completes when the handler is done.</summary>
    Task InvokeUser(Envelope envelope);

    /// <summary>Called on the mailbox's turn once the task from <see cref="InvokeUser"/> has completed.</summary>
    void CompleteUser(Task handled);

    /// <summary>Called at the end of every turn, on the thread that ran it.</summary>
    void EndTurn();
}

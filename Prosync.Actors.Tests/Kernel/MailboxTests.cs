using System.Collections.Concurrent;
using Prosync.Actors.Kernel;

namespace Prosync.Actors.Tests.Kernel;

public class MailboxTests
{
    /// <summary>Records what the mailbox hands it; "u1" parks on a gate; "suspend"/"resume" system messages
    /// toggle user delivery.</summary>
    private sealed class RecordingInvoker : IMessageInvoker
    {
        private readonly int _expected;
        public RecordingInvoker(int expected) => _expected = expected;

        public Mailbox Mailbox { get; set; } = null!;
        public ConcurrentQueue<string> Seen { get; } = new();
        public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Parked { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource AllSeen { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void InvokeSystem(SystemMessage message)
        {
            var name = ((Recreate)message).Cause.Message;
            if (name == "suspend") Mailbox.SuspendUser();
            if (name == "resume") Mailbox.ResumeUser();
            Record("sys:" + name);
        }

        public Task InvokeUser(Envelope envelope)
        {
            Record("user:" + envelope.Message);
            if (!Equals(envelope.Message, "u1"))
                return Task.CompletedTask;
            Parked.TrySetResult();
            return Gate.Task;
        }

        public void CompleteUser(Task handled) { }

        public TaskCompletionSource TurnEndedAfterOther { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void EndTurn()
        {
            if (Seen.Contains("sys:other"))
                TurnEndedAfterOther.TrySetResult();
        }

        private void Record(string entry)
        {
            Seen.Enqueue(entry);
            if (Seen.Count == _expected)
                AllSeen.TrySetResult();
        }
    }

    private static (Mailbox, RecordingInvoker) Create(int expected)
    {
        var invoker = new RecordingInvoker(expected);
        var mailbox = new Mailbox(invoker);
        invoker.Mailbox = mailbox;
        return (mailbox, invoker);
    }

    private static SystemMessage Sys(string name) => new Recreate(new Exception(name), TimeSpan.Zero);
    private static Envelope User(string name) => new(name, ActorRefs.Nobody);

    [Fact]
    public async Task System_messages_are_handled_before_queued_user_messages()
    {
        var (mailbox, invoker) = Create(expected: 5);
        mailbox.Post(User("u1"));
        await invoker.Parked.Task;           // the handler of u1 is awaiting: everything below queues up

        mailbox.Post(User("u2"));
        mailbox.Post(User("u3"));
        mailbox.PostSystem(Sys("s1"));
        mailbox.PostSystem(Sys("s2"));
        invoker.Gate.SetResult();

        await invoker.AllSeen.Task.WaitAsync(TimeSpan.FromSeconds(3));
        Assert.Equal(["user:u1", "sys:s1", "sys:s2", "user:u2", "user:u3"], invoker.Seen);
    }

    [Fact]
    public async Task Suspended_user_messages_stay_queued_while_system_messages_flow()
    {
        var (mailbox, invoker) = Create(expected: 4);
        mailbox.PostSystem(Sys("suspend"));
        mailbox.Post(User("u2"));
        mailbox.PostSystem(Sys("other"));
        await invoker.TurnEndedAfterOther.Task.WaitAsync(TimeSpan.FromSeconds(3));   // the mailbox had its chance at u2
        Assert.Equal(["sys:suspend", "sys:other"], invoker.Seen);

        mailbox.PostSystem(Sys("resume"));
        await invoker.AllSeen.Task.WaitAsync(TimeSpan.FromSeconds(3));
        Assert.Equal(["sys:suspend", "sys:other", "sys:resume", "user:u2"], invoker.Seen);
    }

    [Fact]
    public void A_closed_mailbox_refuses_posts_and_hands_back_what_was_queued()
    {
        var (mailbox, _) = Create(expected: 0);
        mailbox.SuspendUser();
        Assert.True(mailbox.Post(User("kept")));
        mailbox.Close();

        Assert.False(mailbox.Post(User("late")));
        Assert.False(mailbox.PostSystem(Sys("late")));
        Assert.Equal(["kept"], mailbox.DrainUser().Select(e => e.Message));
    }
}

using Prosync.Actors.Kernel;
using Prosync.Actors.Tests.TestKit;
using Serilog.Events;

namespace Prosync.Actors.Tests.Kernel;

public class SupervisionTests : KernelTestBase
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Forever = Timeout.InfiniteTimeSpan;
    private int _instances;

    public SupervisionTests() => Lifecycle = new TestProbe(Sys, "lifecycle");

    /// <summary>Receives the workers' lifecycle events as strings, e.g. "PostRestart 2".</summary>
    private TestProbe Lifecycle { get; }

    /// <summary>
    /// Worker actor: "inc" bumps its state, "get" replies (state, instance), "boom" throws synchronously,
    /// "boom-async" faults after an await, "wait" parks on <paramref name="gate"/>, an exception is thrown;
    /// anything else is forwarded to
    /// the probe as (text, instance). Each instance gets the next number, starting at 1.
    /// </summary>
    private Props Worker(TaskCompletionSource? gate = null) => Props.Create(() =>
    {
        var id = Interlocked.Increment(ref _instances);
        return new DelegateActor
        {
            OnReceiveAsync = (self, m) => m switch
            {
                "boom" => throw new BoomException(),
                "boom-async" => FailLaterAsync(),
                "wait" => gate!.Task,
                Exception e => throw e,
                _ => Handle(self, m, id),
            },
            OnPreStart = _ => Lifecycle.Ref.Tell($"PreStart {id}"),
            OnPostStop = _ => Lifecycle.Ref.Tell($"PostStop {id}"),
            OnPreRestart = (_, e, m) => Lifecycle.Ref.Tell($"PreRestart {id} {e.Message} {m}"),
            OnPostRestart = (_, _) => Lifecycle.Ref.Tell($"PostRestart {id}"),
        };
    });

    private Task Handle(DelegateActor self, object message, int id)
    {
        switch (message)
        {
            case "inc": self.State++; break;
            case "get": self.CurrentSender.Tell((self.State, id)); break;
            default: Probe.Ref.Tell((message.ToString(), id)); break;
        }
        return Task.CompletedTask;
    }

    private static async Task FailLaterAsync()
    {
        await Task.Yield();
        throw new BoomException("async boom");
    }

    private static OneForOneStrategy Always(Directive directive, int maxNrOfRetries = -1, TimeSpan? within = null, BackoffOptions? backoff = null) =>
        new(maxNrOfRetries, within ?? Forever, _ => directive, backoff);

    [Theory]
    [InlineData(Directive.Resume, 2, 1)]    // same instance, state kept
    [InlineData(Directive.Restart, 0, 2)]   // fresh instance
    public async Task The_directive_decides_whether_the_actor_keeps_its_state(Directive directive, int state, int instance)
    {
        var (_, child) = await SuperviseAsync(Always(directive), Worker());

        child.Tell("inc");
        child.Tell("inc");
        child.Tell("boom");

        Assert.Equal((state, instance), await child.Ask<(int, int)>("get", AskTimeout));
    }

    [Theory]
    [InlineData("argument", "state kept")]
    [InlineData("invalid operation", "stopped")]
    [InlineData("anything else", "fresh instance")]
    public async Task The_decider_picks_the_directive_per_exception(string failure, string outcome)
    {
        var strategy = new OneForOneStrategy(-1, Forever, e => e switch
        {
            ArgumentException => Directive.Resume,
            InvalidOperationException => Directive.Stop,
            _ => Directive.Restart,
        });
        var (_, child) = await SuperviseAsync(strategy, Worker());
        Lifecycle.Watch(child);
        Exception error = failure switch
        {
            "argument" => new ArgumentException(failure),
            "invalid operation" => new InvalidOperationException(failure),
            _ => new BoomException(failure),
        };

        child.Tell("inc");
        child.Tell(error);
        Probe.Send(child, "get");

        switch (outcome)
        {
            case "state kept": Assert.Equal((1, 1), await Probe.ExpectMsgAsync<(int, int)>()); break;
            case "fresh instance": Assert.Equal((0, 2), await Probe.ExpectMsgAsync<(int, int)>()); break;
            default: await Lifecycle.FishForMessageAsync<Terminated>(t => t.Actor.Equals(child)); break;
        }
    }

    [Fact]
    public async Task A_decider_that_throws_escalates()
    {
        var parent = Sys.ActorOf(Props.Create(() => new DelegateActor
        {
            Strategy = new OneForOneStrategy(-1, Forever, _ => throw new InvalidOperationException("bad decider")),
            OnPreStart = self => Probe.Ref.Tell(self.Ctx.ActorOf(Worker(), "child")),
            OnPostRestart = (_, e) => Lifecycle.Ref.Tell($"parent restarted: {e.Message}"),
        }));
        var child = await Probe.ExpectMsgAsync<IActorRef>();

        child.Tell("boom");

        // The guardian restarts the parent for the original failure; default PreRestart stopped the old child.
        await Lifecycle.FishForMessageAsync<string>(e => e == "parent restarted: boom");
        var newChild = await Probe.ExpectMsgAsync<IActorRef>();
        Assert.NotEqual(child, newChild);
    }

    [Fact]
    public async Task Resume_drops_only_the_failing_message()
    {
        var (_, child) = await SuperviseAsync(Always(Directive.Resume), Worker());

        child.Tell("a");
        child.Tell("boom");
        child.Tell("b");

        await Probe.ExpectMsgAsync(("a", 1));
        await Probe.ExpectMsgAsync(("b", 1));
        await Lifecycle.ExpectMsgAsync("PreStart 1");
        await Lifecycle.ExpectNoMsgAsync(Quiet);   // no restart happened
    }

    [Fact]
    public async Task Restart_gives_a_fresh_instance_and_keeps_the_mailbox()
    {
        var gate = new TaskCompletionSource();
        var (_, child) = await SuperviseAsync(Always(Directive.Restart), Worker(gate));

        child.Tell("wait");          // everything below is queued behind it
        child.Tell("boom");
        child.Tell("x");
        child.Tell("y");
        gate.SetResult();

        await Probe.ExpectMsgAsync(("x", 2));
        await Probe.ExpectMsgAsync(("y", 2));
    }

    [Fact]
    public async Task Restart_runs_PreRestart_on_the_old_instance_then_PostRestart_on_the_new_one()
    {
        var (_, child) = await SuperviseAsync(Always(Directive.Restart), Worker());

        child.Tell("boom");

        await Lifecycle.ExpectMsgAsync("PreStart 1");
        await Lifecycle.ExpectMsgAsync("PreRestart 1 boom boom");   // with the cause and the failed message
        await Lifecycle.ExpectMsgAsync("PostStop 1");               // default PreRestart
        await Lifecycle.ExpectMsgAsync("PostRestart 2");
        await Lifecycle.ExpectMsgAsync("PreStart 2");               // default PostRestart
    }

    [Fact]
    public async Task Default_PreRestart_stops_the_children_before_the_new_instance_recreates_them()
    {
        var kids = 0;
        var kid = Props.Create(() =>
        {
            var id = Interlocked.Increment(ref kids);
            return new DelegateActor
            {
                OnPreStart = _ => Lifecycle.Ref.Tell($"kid started {id}"),
                OnPostStop = _ => Lifecycle.Ref.Tell($"kid stopped {id}"),
            };
        });
        var parent = Sys.ActorOf(Props.Create(() => new DelegateActor
        {
            OnPreStart = self => self.Ctx.ActorOf(kid, "kid"),   // same name in every incarnation
            OnReceive = (_, _) => throw new BoomException(),
        }));

        await Lifecycle.ExpectMsgAsync("kid started 1");
        parent.Tell("fail");

        await Lifecycle.ExpectMsgAsync("kid stopped 1");
        await Lifecycle.ExpectMsgAsync("kid started 2");
        await Lifecycle.ExpectNoMsgAsync(Quiet);   // no name clash, hence no failure loop
    }

    [Fact]
    public async Task Stop_directive_stops_the_child()
    {
        var (_, child) = await SuperviseAsync(Always(Directive.Stop), Worker());
        Lifecycle.Watch(child);

        child.Tell("boom");
        child.Tell("after");

        Assert.Equal(["PreStart 1", "PostStop 1"], (await DrainLifecycleAsync()).OfType<string>());
        await Probe.ExpectNoMsgAsync(Quiet);   // "after" went to dead letters
    }

    [Fact]
    public async Task Escalate_fails_the_parent_with_the_same_exception_and_reaches_the_grandparent()
    {
        var parentProps = Props.Create(() => new DelegateActor
        {
            Strategy = new OneForOneStrategy(-1, Forever, e =>
            {
                Probe.Ref.Tell(("parent decides", e));
                return Directive.Escalate;
            }),
            OnPreStart = self => Probe.Ref.Tell(self.Ctx.ActorOf(Worker(), "child")),
        });
        var grandparent = Sys.ActorOf(Props.Create(() => new DelegateActor
        {
            Strategy = new OneForOneStrategy(-1, Forever, e =>
            {
                Probe.Ref.Tell(("grandparent decides", e));
                return Directive.Stop;
            }),
            OnPreStart = self => Probe.Ref.Tell(self.Ctx.ActorOf(parentProps, "parent")),
        }), "grandparent");
        var parent = await Probe.ExpectMsgAsync<IActorRef>();
        var child = await Probe.ExpectMsgAsync<IActorRef>();
        Lifecycle.Watch(parent);
        Lifecycle.Watch(child);

        child.Tell("boom");

        var (_, seenByParent) = await Probe.ExpectMsgAsync<(string, Exception)>(m => m.Item1 == "parent decides");
        var (_, seenByGrandparent) = await Probe.ExpectMsgAsync<(string, Exception)>(m => m.Item1 == "grandparent decides");
        Assert.IsType<BoomException>(seenByParent);
        Assert.Same(seenByParent, seenByGrandparent);
        var events = await DrainLifecycleAsync(terminations: 2);   // the grandparent stopped the parent, and with it the child
        Assert.Contains(events, e => e is Terminated t && t.Actor.Equals(parent));
        Assert.Contains(events, e => e is Terminated t && t.Actor.Equals(child));
        Assert.Equal("/user/grandparent/parent/child", child.Path);
    }

    [Fact]
    public async Task An_exhausted_restart_budget_stops_the_child()
    {
        var (_, child) = await SuperviseAsync(Always(Directive.Restart, maxNrOfRetries: 2, within: TimeSpan.FromMinutes(1)), Worker());
        Lifecycle.Watch(child);

        for (var i = 0; i < 3; i++)
            child.Tell("boom");

        var events = await DrainLifecycleAsync();
        Assert.Equal(2, events.Count(e => e is string s && s.StartsWith("PostRestart")));
        Assert.Contains(Logs.Events, e => e.Level == LogEventLevel.Warning && e.MessageTemplate.Text.Contains("restart budget"));
    }

    [Fact]
    public async Task The_failure_count_resets_after_a_quiet_window()
    {
        var (_, child) = await SuperviseAsync(Always(Directive.Restart, maxNrOfRetries: 1, within: TimeSpan.FromSeconds(10)), Worker());
        Lifecycle.Watch(child);

        child.Tell("boom");
        await Lifecycle.FishForMessageAsync<string>(e => e == "PostRestart 2");
        Clock.Advance(TimeSpan.FromSeconds(11));   // quiet for longer than the window: the count starts over

        child.Tell("boom");
        await Lifecycle.FishForMessageAsync<string>(e => e == "PostRestart 3");

        child.Tell("boom");                        // second failure within the window: over budget
        await Lifecycle.FishForMessageAsync<Terminated>(_ => true);
    }

    [Fact]
    public async Task A_failure_in_PreStart_restarts_the_actor_and_keeps_its_mailbox()
    {
        var attempts = 0;
        var actor = Sys.ActorOf(Props.Create(() =>
        {
            var id = Interlocked.Increment(ref attempts);
            return new DelegateActor
            {
                OnPreStart = _ =>
                {
                    if (id == 1)
                        throw new BoomException("bad start");
                    Lifecycle.Ref.Tell($"started {id}");
                },
                OnReceive = (_, m) => Probe.Ref.Tell((m.ToString(), id)),
            };
        }));
        actor.Tell("hello");

        await Lifecycle.ExpectMsgAsync("started 2");
        await Probe.ExpectMsgAsync(("hello", 2));
    }

    [Theory]
    [InlineData("boom")]
    [InlineData("boom-async")]
    public async Task Failures_of_sync_and_async_handlers_are_supervised(string failure)
    {
        var (_, child) = await SuperviseAsync(Always(Directive.Restart), Worker());

        child.Tell(failure);

        await Lifecycle.FishForMessageAsync<string>(e => e == "PostRestart 2");
    }

    [Fact]
    public async Task A_backoff_restart_waits_for_the_delay_on_the_system_clock()
    {
        var backoff = new BackoffOptions(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), RandomFactor: 0);
        var (_, child) = await SuperviseAsync(Always(Directive.Restart, backoff: backoff), Worker());
        await Lifecycle.ExpectMsgAsync("PreStart 1");

        child.Tell("boom");
        child.Tell("kept");
        await Clock.WaitForScheduledTimersAsync(1);   // the child is now waiting for its backoff
        Clock.Advance(TimeSpan.FromMilliseconds(999));
        await Lifecycle.ExpectNoMsgAsync(Quiet);
        await Probe.ExpectNoMsgAsync(TimeSpan.Zero);   // suspended: "kept" waits in the mailbox

        Clock.Advance(TimeSpan.FromMilliseconds(1));
        await Lifecycle.FishForMessageAsync<string>(e => e == "PreStart 2");   // the last event of the restart
        await Probe.ExpectMsgAsync(("kept", 2));

        child.Tell("boom");                            // second restart in a row: twice the delay
        await Clock.WaitForScheduledTimersAsync(1);
        Clock.Advance(TimeSpan.FromMilliseconds(1999));
        await Lifecycle.ExpectNoMsgAsync(Quiet);
        Clock.Advance(TimeSpan.FromMilliseconds(1));
        await Lifecycle.FishForMessageAsync<string>(e => e == "PreStart 3");
    }

    [Fact]
    public async Task A_child_waiting_for_its_backoff_can_still_be_stopped()
    {
        var backoff = new BackoffOptions(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1), RandomFactor: 0);
        var (_, child) = await SuperviseAsync(Always(Directive.Restart, backoff: backoff), Worker());
        Probe.Watch(child);
        child.Tell("boom");
        await Clock.WaitForScheduledTimersAsync(1);

        Sys.Stop(child);

        await Probe.ExpectTerminatedAsync(child);
        Assert.Equal(0, Clock.ScheduledTimerCount);   // the pending restart was cancelled
    }

    /// <summary>Lifecycle events up to and including the given number of <see cref="Terminated"/>.</summary>
    private async Task<List<object>> DrainLifecycleAsync(int terminations = 1)
    {
        var events = new List<object>();
        while (terminations > 0)
        {
            var next = await Lifecycle.ExpectMsgAsync<object>();
            events.Add(next);
            if (next is Terminated)
                terminations--;
        }
        return events;
    }
}

using Prosync.Actors.Kernel;
using Serilog.Events;

namespace Prosync.Actors.Tests.Kernel;

public class MessagingTests : KernelTestBase
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(3);

    private Props Forwarder() =>
        Props.Create(() => new DelegateActor { OnReceive = (self, m) => Probe.Ref.Tell(m, self.CurrentSender) });

    private static Props Echo() =>
        Props.Create(() => new DelegateActor { OnReceive = (self, m) => self.CurrentSender.Tell(m) });

    [Fact]
    public async Task Messages_from_one_sender_arrive_in_order()
    {
        var forwarder = Sys.ActorOf(Forwarder());
        for (var i = 0; i < 1000; i++)
            forwarder.Tell(i);

        for (var i = 0; i < 1000; i++)
            Assert.Equal(i, await Probe.ExpectMsgAsync<int>());
    }

    [Fact]
    public async Task Reply_goes_to_the_sender_with_the_replier_as_sender()
    {
        var echo = Sys.ActorOf(Echo(), "echo");

        Probe.Send(echo, "ping");

        await Probe.ExpectMsgAsync("ping");
        Assert.Equal(echo, Probe.LastSender);
    }

    [Fact]
    public async Task Tell_without_sender_is_from_the_calling_actor_inside_one_and_from_Nobody_outside()
    {
        var teller = Sys.ActorOf(Props.Create(() => new DelegateActor
        {
            OnReceiveAsync = async (_, _) =>
            {
                await Task.Yield();   // the implicit sender survives awaits
                Probe.Ref.Tell("from actor");
            },
        }));

        teller.Tell("go");
        await Probe.ExpectMsgAsync("from actor");
        Assert.Equal(teller, Probe.LastSender);

        Probe.Ref.Tell("from outside");
        await Probe.ExpectMsgAsync("from outside");
        Assert.Equal(ActorRefs.Nobody, Probe.LastSender);
    }

    private sealed class IntrospectiveActor : Actor
    {
        public IntrospectiveActor(IActorRef probe) => probe.Tell($"constructed at {Context.Self.Path}");

        public IActorContext ExposedContext => Context;

        protected internal override Task ReceiveAsync(object message) => Task.CompletedTask;
    }

    [Fact]
    public async Task The_context_is_usable_from_the_constructor_of_a_kernel_created_actor()
    {
        Sys.ActorOf(Props.Create(() => new IntrospectiveActor(Probe.Ref)), "introspective");

        await Probe.ExpectMsgAsync("constructed at /user/introspective");
    }

    [Fact]
    public void An_actor_created_outside_the_kernel_has_no_context()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new IntrospectiveActor(ActorRefs.Nobody));
        Assert.Contains("not running inside an actor system", error.Message);
    }

    [Fact]
    public async Task Sender_stays_the_current_messages_sender_across_awaits()
    {
        var actor = Sys.ActorOf(Props.Create(() => new DelegateActor
        {
            OnReceiveAsync = async (self, m) =>
            {
                await Task.Delay(1);
                self.CurrentSender.Tell(m);
            },
        }));

        Probe.Send(actor, "a");
        Probe.Send(actor, "b");

        await Probe.ExpectMsgAsync("a");
        await Probe.ExpectMsgAsync("b");
    }

    [Fact]
    public async Task Ask_returns_the_reply()
    {
        var echo = Sys.ActorOf(Echo());
        Assert.Equal(42, await echo.Ask<int>(42, AskTimeout));
    }

    [Fact]
    public async Task Ask_times_out_on_the_system_clock()
    {
        var silent = Sys.ActorOf(Props.Create(() => new DelegateActor { OnReceive = (_, _) => { } }));

        var reply = silent.Ask<string>("hello?", TimeSpan.FromSeconds(5));
        Clock.Advance(TimeSpan.FromSeconds(4.9));
        await Task.Delay(20);
        Assert.False(reply.IsCompleted);

        Clock.Advance(TimeSpan.FromSeconds(0.1));
        var error = await Assert.ThrowsAsync<TimeoutException>(() => reply);
        Assert.Contains(silent.Path, error.Message);
    }

    [Fact]
    public async Task Ask_with_a_reply_of_the_wrong_type_fails_clearly()
    {
        var echo = Sys.ActorOf(Echo());
        var error = await Assert.ThrowsAsync<InvalidCastException>(() => echo.Ask<int>("not an int", AskTimeout));
        Assert.Contains("String", error.Message);
    }

    [Fact]
    public async Task An_async_handler_is_awaited_before_the_next_message()
    {
        var inFlight = 0;
        var maxInFlight = 0;
        var actor = Sys.ActorOf(Props.Create(() => new DelegateActor
        {
            OnReceiveAsync = async (self, m) =>
            {
                maxInFlight = Math.Max(maxInFlight, Interlocked.Increment(ref inFlight));
                await Task.Yield();
                await Task.Delay(1);
                Interlocked.Decrement(ref inFlight);
                if (m is 49)
                    Probe.Ref.Tell(maxInFlight);
            },
        }));

        for (var i = 0; i < 50; i++)
            actor.Tell(i);

        Assert.Equal(1, await Probe.ExpectMsgAsync<int>());
    }

    [Fact]
    public async Task A_handler_awaiting_an_Ask_to_another_actor_completes()
    {
        var echo = Sys.ActorOf(Echo());
        var asker = Sys.ActorOf(Props.Create(() => new DelegateActor
        {
            OnReceiveAsync = async (self, m) =>
            {
                var reply = await echo.Ask<string>("inner", AskTimeout);
                self.CurrentSender.Tell(reply + "+outer");
            },
        }));

        Assert.Equal("inner+outer", await asker.Ask<string>("go", AskTimeout));
    }

    [Fact]
    public async Task Handlers_awaiting_a_task_completed_by_another_actor_do_not_block_the_kernel()
    {
        // Far more waiting actors than pool threads: a kernel that blocked a thread per waiting handler would stall.
        const int waiters = 500;
        var gate = new TaskCompletionSource();   // completes inline on the releasing actor's thread
        for (var i = 0; i < waiters; i++)
        {
            var waiter = Sys.ActorOf(Props.Create(() => new DelegateActor
            {
                OnReceiveAsync = async (self, _) =>
                {
                    await gate.Task;
                    Probe.Ref.Tell("done");
                },
            }));
            waiter.Tell("wait");
        }
        var releaser = Sys.ActorOf(Props.Create(() => new DelegateActor
        {
            OnReceive = (self, _) =>
            {
                gate.SetResult();
                Probe.Ref.Tell("released");
            },
        }));

        releaser.Tell("release");

        var received = new List<string>();
        for (var i = 0; i < waiters + 1; i++)
            received.Add(await Probe.ExpectMsgAsync<string>());
        Assert.Equal(waiters, received.Count(m => m == "done"));
        Assert.Contains("released", received);
    }

    private sealed class TypedActor : ReceiveActor
    {
        public TypedActor(IActorRef probe)
        {
            Receive<int>(i => probe.Tell("int"));
            Receive<string>(s => s.StartsWith('a'), s => probe.Tell("string starting with a"));
            ReceiveAsync<string>(async s =>
            {
                await Task.Yield();
                probe.Tell("other string");
            });
        }
    }

    [Theory]
    [InlineData(7, "int")]
    [InlineData("abc", "string starting with a")]
    [InlineData("xyz", "other string")]
    public async Task ReceiveActor_uses_the_first_matching_handler(object message, string expected)
    {
        var actor = Sys.ActorOf(Props.Create(() => new TypedActor(Probe.Ref)));
        actor.Tell(message);
        await Probe.ExpectMsgAsync(expected);
    }

    [Fact]
    public async Task ReceiveActor_logs_unmatched_messages_as_unhandled_at_debug()
    {
        var actor = Sys.ActorOf(Props.Create(() => new TypedActor(Probe.Ref)), "typed");
        actor.Tell(1.5);
        actor.Tell(1);
        await Probe.ExpectMsgAsync("int");   // still alive and in order after the unhandled one

        var unhandled = Assert.Single(Logs.Events, e => e.MessageTemplate.Text.StartsWith("Unhandled"));
        Assert.Equal(LogEventLevel.Debug, unhandled.Level);
        Assert.Equal("\"/user/typed\"", unhandled.Properties["ActorPath"].ToString());
    }

    [Fact]
    public async Task PoisonPill_stops_the_actor_after_the_messages_ahead_of_it()
    {
        var gate = new TaskCompletionSource();
        var actor = Sys.ActorOf(Props.Create(() => new DelegateActor
        {
            OnReceiveAsync = async (self, m) =>
            {
                if (m is "wait") await gate.Task;
                else Probe.Ref.Tell(m);
            },
        }));
        Probe.Watch(actor);

        actor.Tell("wait");
        actor.Tell("m1");
        actor.Tell("m2");
        actor.Tell(PoisonPill.Instance);
        actor.Tell("m3");
        gate.SetResult();

        await Probe.ExpectMsgAsync("m1");
        await Probe.ExpectMsgAsync("m2");
        await Probe.ExpectTerminatedAsync(actor);
        await Probe.ExpectNoMsgAsync(Quiet);
        Assert.Contains(Logs.Messages(LogEventLevel.Debug), m => m.StartsWith("Dead letter \"String\""));
    }

    [Fact]
    public async Task Tell_to_a_stopped_actor_goes_to_dead_letters_and_never_throws()
    {
        var actor = Sys.ActorOf(Echo(), "gone");
        Probe.Watch(actor);
        Sys.Stop(actor);
        await Probe.ExpectTerminatedAsync(actor);

        actor.Tell("hello?", Probe.Ref);
        actor.Tell(null!);
        Sys.DeadLetters.Tell("direct");
        ActorRefs.Nobody.Tell("void");

        var deadLetters = Logs.Events.Where(e => e.MessageTemplate.Text.StartsWith("Dead letter")).ToList();
        Assert.Equal(3, deadLetters.Count);
        Assert.All(deadLetters, e => Assert.Equal(LogEventLevel.Debug, e.Level));
        Assert.Equal(
            "Dead letter \"String\" from \"/user/probe\" to \"/user/gone\"",
            deadLetters[0].RenderMessage());
    }
}

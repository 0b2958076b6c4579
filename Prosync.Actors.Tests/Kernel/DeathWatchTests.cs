using Prosync.Actors.Kernel;

namespace Prosync.Actors.Tests.Kernel;

public class DeathWatchTests : KernelTestBase
{
    private static Props Idle() => Props.Create(() => new DelegateActor { OnReceive = (_, _) => { } });

    [Fact]
    public async Task A_watcher_gets_Terminated_exactly_once()
    {
        var subject = Sys.ActorOf(Idle());
        Sys.ActorOf(Props.Create(() => new DelegateActor
        {
            OnPreStart = self =>
            {
                self.Ctx.Watch(subject);
                self.Ctx.Watch(subject);   // watching twice is still one subscription
                Probe.Ref.Tell("watching");
            },
            OnReceive = (self, m) => Probe.Ref.Tell(m, self.CurrentSender),
        }));
        await Probe.ExpectMsgAsync("watching");

        Sys.Stop(subject);
        Sys.Stop(subject);

        var terminated = await Probe.ExpectMsgAsync<Terminated>();
        Assert.Equal(subject, terminated.Actor);
        Assert.Equal(subject, Probe.LastSender);
        await Probe.ExpectNoMsgAsync(Quiet);
    }

    [Fact]
    public async Task Watching_an_already_dead_actor_delivers_Terminated()
    {
        var subject = Sys.ActorOf(Idle());
        var first = new TestKit.TestProbe(Sys);
        first.Watch(subject);
        Sys.Stop(subject);
        await first.ExpectTerminatedAsync(subject);

        Probe.Watch(subject);

        await Probe.ExpectTerminatedAsync(subject);
        await Probe.ExpectNoMsgAsync(Quiet);
    }

    [Fact]
    public async Task Every_watcher_is_notified()
    {
        var subject = Sys.ActorOf(Idle());
        var others = Enumerable.Range(0, 5).Select(_ => new TestKit.TestProbe(Sys)).ToList();
        foreach (var probe in others)
            probe.Watch(subject);

        subject.Tell(PoisonPill.Instance);

        foreach (var probe in others)
            await probe.ExpectTerminatedAsync(subject);
    }

    [Fact]
    public async Task Unwatch_cancels_the_notification()
    {
        var subject = Sys.ActorOf(Idle());
        Probe.Watch(subject);
        Probe.Unwatch(subject);
        Probe.Ref.Tell("sync");   // after the (un)watch commands, in the probe's mailbox
        await Probe.ExpectMsgAsync("sync");

        Sys.Stop(subject);

        await Probe.ExpectNoMsgAsync(Quiet);
    }

    [Fact]
    public async Task A_parent_watching_its_child_gets_Terminated_once()
    {
        var parent = Sys.ActorOf(Props.Create(() => new DelegateActor
        {
            OnPreStart = self => self.Ctx.Watch(self.Ctx.ActorOf(Idle(), "child")),
            OnReceive = (self, m) =>
            {
                if (m is "stop child")
                    self.Ctx.Stop(self.Ctx.Children.Single());
                else
                    Probe.Ref.Tell(m);
            },
        }));

        parent.Tell("stop child");

        var terminated = await Probe.ExpectMsgAsync<Terminated>();
        Assert.Equal(parent.Path + "/child", terminated.Actor.Path);
        await Probe.ExpectNoMsgAsync(Quiet);
    }

    [Fact]
    public async Task Watching_Nobody_or_DeadLetters_delivers_Terminated_at_once()
    {
        Probe.Watch(ActorRefs.Nobody);
        Probe.Watch(Sys.DeadLetters);

        await Probe.ExpectTerminatedAsync(ActorRefs.Nobody);
        await Probe.ExpectTerminatedAsync(Sys.DeadLetters);
    }
}

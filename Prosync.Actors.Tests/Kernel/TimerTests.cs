using Prosync.Actors.Kernel;

namespace Prosync.Actors.Tests.Kernel;

public class TimerTests : KernelTestBase
{
    private sealed record StartSingle(string Key, string Message, int Ms);
    private sealed record StartPeriodic(string Key, string Message, int Ms);
    private sealed record CancelTimer(string Key);
    private sealed record IsActive(string Key);

    private static TimeSpan Ms(int ms) => TimeSpan.FromMilliseconds(ms);

    /// <summary>Obeys timer commands (answering "ack" to the probe once done), parks on "wait", throws on "boom",
    /// and forwards everything else, i.e. the ticks, to the probe with their sender.</summary>
    private Props Timed(TaskCompletionSource? gate = null) => Props.Create(() => new DelegateActor
    {
        OnReceiveAsync = (self, m) =>
        {
            switch (m)
            {
                case StartSingle s: self.TimerScheduler.StartSingleTimer(s.Key, s.Message, Ms(s.Ms)); break;
                case StartPeriodic p: self.TimerScheduler.StartPeriodicTimer(p.Key, p.Message, Ms(p.Ms)); break;
                case CancelTimer c: self.TimerScheduler.Cancel(c.Key); break;
                case IsActive a: Probe.Ref.Tell(self.TimerScheduler.IsTimerActive(a.Key)); return Task.CompletedTask;
                case "wait": return gate!.Task;
                case "boom": throw new BoomException();
                default: Probe.Ref.Tell(m, self.CurrentSender); return Task.CompletedTask;
            }
            Probe.Ref.Tell("ack");
            return Task.CompletedTask;
        },
    });

    [Fact]
    public async Task A_single_timer_fires_once_after_its_delay_with_no_sender()
    {
        var actor = Sys.ActorOf(Timed());
        actor.Tell(new StartSingle("k", "tick", 1000));
        await Probe.ExpectMsgAsync("ack");
        actor.Tell(new IsActive("k"));
        Assert.True(await Probe.ExpectMsgAsync<bool>());

        Clock.Advance(Ms(999));
        await Probe.ExpectNoMsgAsync(Quiet);
        Clock.Advance(Ms(1));
        await Probe.ExpectMsgAsync("tick");
        Assert.Equal(ActorRefs.Nobody, Probe.LastSender);

        Clock.Advance(TimeSpan.FromSeconds(10));
        actor.Tell(new IsActive("k"));
        Assert.False(await Probe.ExpectMsgAsync<bool>());   // and no second tick came before the answer
    }

    [Fact]
    public async Task A_periodic_timer_fires_every_interval_starting_after_one_interval()
    {
        var actor = Sys.ActorOf(Timed());
        actor.Tell(new StartPeriodic("k", "tick", 1000));
        await Probe.ExpectMsgAsync("ack");

        Clock.Advance(Ms(999));
        actor.Tell(new IsActive("k"));
        Assert.True(await Probe.ExpectMsgAsync<bool>());    // nothing fired yet
        Clock.Advance(Ms(1));
        await Probe.ExpectMsgAsync("tick");
        Clock.Advance(Ms(3000));
        await Probe.ExpectMsgAsync("tick");
        await Probe.ExpectMsgAsync("tick");
        await Probe.ExpectMsgAsync("tick");
        await Probe.ExpectNoMsgAsync(Quiet);
    }

    [Fact]
    public async Task Starting_a_timer_with_a_used_key_replaces_it_and_drops_its_queued_tick()
    {
        var gate = new TaskCompletionSource();
        var actor = Sys.ActorOf(Timed(gate));
        actor.Tell(new StartSingle("k", "old", 1000));
        await Probe.ExpectMsgAsync("ack");

        actor.Tell("wait");
        actor.Tell(new StartSingle("k", "new", 500));
        Clock.Advance(Ms(1000));   // "old" fires now, queued behind the replacement
        gate.SetResult();
        await Probe.ExpectMsgAsync("ack");

        Clock.Advance(Ms(500));
        await Probe.ExpectMsgAsync("new");   // "old" never arrives
        await Probe.ExpectNoMsgAsync(Quiet);
    }

    [Fact]
    public async Task A_cancelled_timer_never_delivers_even_a_tick_already_queued()
    {
        var gate = new TaskCompletionSource();
        var actor = Sys.ActorOf(Timed(gate));
        actor.Tell(new StartPeriodic("k", "tick", 1000));
        await Probe.ExpectMsgAsync("ack");

        actor.Tell("wait");
        actor.Tell(new CancelTimer("k"));
        Clock.Advance(Ms(1000));   // queued behind the cancel
        gate.SetResult();
        await Probe.ExpectMsgAsync("ack");

        actor.Tell(new IsActive("k"));
        Assert.False(await Probe.ExpectMsgAsync<bool>());
        Clock.Advance(Ms(5000));
        await Probe.ExpectNoMsgAsync(Quiet);
        Assert.Equal(0, Clock.ScheduledTimerCount);
    }

    [Fact]
    public async Task No_tick_from_before_a_restart_is_delivered_after_it()
    {
        var gate = new TaskCompletionSource();
        var actor = Sys.ActorOf(Timed(gate));   // top level: the guardian restarts it
        actor.Tell(new StartPeriodic("k", "stale", 1000));
        await Probe.ExpectMsgAsync("ack");

        actor.Tell("wait");
        actor.Tell("boom");
        Clock.Advance(Ms(1000));   // a tick is queued behind the failure
        gate.SetResult();
        actor.Tell(new StartSingle("k", "fresh", 1000));   // the new instance reuses the key
        await Probe.ExpectMsgAsync("ack");

        Clock.Advance(Ms(1000));
        await Probe.ExpectMsgAsync("fresh");
        await Probe.ExpectNoMsgAsync(Quiet);
    }

    [Fact]
    public async Task Timers_are_cancelled_when_the_actor_stops()
    {
        var actor = Sys.ActorOf(Timed());
        actor.Tell(new StartPeriodic("a", "tick", 1000));
        actor.Tell(new StartSingle("b", "tick", 1000));
        await Probe.ExpectMsgAsync("ack");
        await Probe.ExpectMsgAsync("ack");
        Assert.Equal(2, Clock.ScheduledTimerCount);
        Probe.Watch(actor);

        Sys.Stop(actor);
        await Probe.ExpectTerminatedAsync(actor);

        Assert.Equal(0, Clock.ScheduledTimerCount);
    }
}

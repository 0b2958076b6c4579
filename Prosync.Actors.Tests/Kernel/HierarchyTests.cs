using System.Collections.Concurrent;
using Prosync.Actors.Kernel;

namespace Prosync.Actors.Tests.Kernel;

public class HierarchyTests : KernelTestBase
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(3);

    /// <summary>An actor that obeys ("create", name) / "children" / ("stop", ref) commands.</summary>
    private static Props Parent(Props child, ConcurrentQueue<string>? stops = null) => Props.Create(() => new DelegateActor
    {
        OnReceive = (self, m) =>
        {
            switch (m)
            {
                case ("create", string name):
                    try { self.CurrentSender.Tell(self.Ctx.ActorOf(child, name)); }
                    catch (ArgumentException e) { self.CurrentSender.Tell(e); }
                    break;
                case "create":
                    self.CurrentSender.Tell(self.Ctx.ActorOf(child));
                    break;
                case "children":
                    self.CurrentSender.Tell(self.Ctx.Children.Count);
                    break;
                case ("stop", IActorRef target):
                    self.Ctx.Stop(target);
                    self.CurrentSender.Tell("stopping");
                    break;
            }
        },
        OnPostStop = self => stops?.Enqueue(self.Me.Path),
    });

    private static Props Idle(ConcurrentQueue<string>? stops = null) => Props.Create(() => new DelegateActor
    {
        OnReceive = (_, _) => { },
        OnPostStop = self => stops?.Enqueue(self.Me.Path),
    });

    [Fact]
    public async Task A_child_lives_under_its_parents_path()
    {
        var parent = Sys.ActorOf(Parent(Idle()), "cluster");
        var child = await parent.Ask<IActorRef>(("create", "server-a"), AskTimeout);

        Assert.Equal("/user/cluster", parent.Path);
        Assert.Equal("/user/cluster/server-a", child.Path);
    }

    [Fact]
    public async Task A_child_name_must_be_unique_among_siblings()
    {
        var parent = Sys.ActorOf(Parent(Idle()));
        await parent.Ask<IActorRef>(("create", "twin"), AskTimeout);

        var error = await parent.Ask<ArgumentException>(("create", "twin"), AskTimeout);
        Assert.Contains("not unique", error.Message);

        Sys.ActorOf(Idle(), "top");
        Assert.Throws<ArgumentException>(() => Sys.ActorOf(Idle(), "top"));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("a/b")]
    [InlineData("$reserved")]
    public void Invalid_names_are_rejected(string name) =>
        Assert.Throws<ArgumentException>(() => Sys.ActorOf(Idle(), name));

    [Fact]
    public async Task Generated_names_are_unique()
    {
        var parent = Sys.ActorOf(Parent(Idle()));
        var paths = new HashSet<string>();
        for (var i = 0; i < 50; i++)
            paths.Add((await parent.Ask<IActorRef>("create", AskTimeout)).Path);

        Assert.Equal(50, paths.Count);
        Assert.Equal(50, await parent.Ask<int>("children", AskTimeout));
    }

    [Fact]
    public async Task The_parent_learns_of_a_child_stop_and_can_reuse_its_name()
    {
        var parent = Sys.ActorOf(Parent(Idle()));
        var child = await parent.Ask<IActorRef>(("create", "worker"), AskTimeout);
        Probe.Watch(child);

        child.Tell(PoisonPill.Instance);
        await Probe.ExpectTerminatedAsync(child);

        // The parent hears of the stop by a system message, which precedes this user message.
        Assert.Equal(0, await parent.Ask<int>("children", AskTimeout));
        var again = await parent.Ask<IActorRef>(("create", "worker"), AskTimeout);
        Assert.Equal(child.Path, again.Path);
        Assert.NotEqual(child, again);   // same path, different actor
    }

    [Fact]
    public async Task Stop_stops_the_children_before_the_parent()
    {
        var stops = new ConcurrentQueue<string>();
        var parent = Sys.ActorOf(Parent(Idle(stops), stops), "p");
        await parent.Ask<IActorRef>(("create", "a"), AskTimeout);
        await parent.Ask<IActorRef>(("create", "b"), AskTimeout);
        Probe.Watch(parent);

        Sys.Stop(parent);
        await Probe.ExpectTerminatedAsync(parent);

        Assert.Equal(3, stops.Count);
        Assert.Equal("/user/p", stops.Last());
    }

    [Fact]
    public async Task Context_Stop_lets_the_child_finish_its_current_message()
    {
        var gate = new TaskCompletionSource();
        var slow = Props.Create(() => new DelegateActor
        {
            OnReceiveAsync = async (_, m) =>
            {
                Probe.Ref.Tell("started " + m);
                await gate.Task;
                Probe.Ref.Tell("finished " + m);
            },
            OnPostStop = _ => Probe.Ref.Tell("post stop"),
        });
        var parent = Sys.ActorOf(Parent(slow));
        var child = await parent.Ask<IActorRef>(("create", "slow"), AskTimeout);

        child.Tell("first");
        child.Tell("second");
        await Probe.ExpectMsgAsync("started first");
        // Once the parent answers, the stop request is queued at the child, which is still busy with "first".
        await parent.Ask<string>(("stop", child), AskTimeout);
        gate.SetResult();

        await Probe.ExpectMsgAsync("finished first");
        await Probe.ExpectMsgAsync("post stop");
        await Probe.ExpectNoMsgAsync(Quiet);
    }

    [Fact]
    public async Task Terminate_stops_children_before_parents_awaits_every_PostStop_and_is_idempotent()
    {
        var stops = new ConcurrentQueue<string>();
        var grandchildren = Props.Create(() => new DelegateActor
        {
            OnPreStart = self => self.Ctx.ActorOf(Idle(stops), "leaf"),
            OnPostStop = self => stops.Enqueue(self.Me.Path),
        });
        var root = Sys.ActorOf(Parent(grandchildren, stops), "root");
        await root.Ask<IActorRef>(("create", "mid1"), AskTimeout);
        await root.Ask<IActorRef>(("create", "mid2"), AskTimeout);
        Sys.ActorOf(Idle(stops), "solo");

        var first = Sys.Terminate();
        var second = Sys.Terminate();
        await first.WaitAsync(TimeSpan.FromSeconds(3));

        Assert.Same(first, second);
        Assert.True(Sys.WhenTerminated.IsCompletedSuccessfully);
        var order = stops.ToList();
        Assert.Equal(6, order.Count);   // root, mid1, mid2, 2 leaves, solo: each PostStop exactly once
        foreach (var path in order)
        {
            foreach (var descendant in order.Where(p => p.StartsWith(path + "/")))
                Assert.True(order.IndexOf(descendant) < order.IndexOf(path), $"{descendant} should stop before {path}");
        }

        await Sys.Terminate();
        Assert.Equal(6, stops.Count);
        Assert.Throws<InvalidOperationException>(() => Sys.ActorOf(Idle()));
    }
}

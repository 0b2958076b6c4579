using Prosync.Actors.Kernel;
using Prosync.Actors.Tests.TestKit;

namespace Prosync.Actors.Tests.Kernel;

/// <summary>A fresh actor system per test, on a manual clock, logging into memory, with one probe.</summary>
public abstract class KernelTestBase : IAsyncLifetime
{
    protected KernelTestBase()
    {
        Sys = ActorSystem.Create("test", Clock, Logs.Logger);
        Probe = new TestProbe(Sys, "probe");
    }

    protected ManualTimeProvider Clock { get; } = new();
    protected LogCollector Logs { get; } = new();
    protected ActorSystem Sys { get; }
    protected TestProbe Probe { get; }

    /// <summary>Short real-time window for "nothing else arrives" checks.</summary>
    protected static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(100);

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => Sys.Terminate().WaitAsync(TimeSpan.FromSeconds(5));

    /// <summary>Creates a parent with <paramref name="strategy"/> that creates <paramref name="child"/> as "child".</summary>
    protected async Task<(IActorRef Parent, IActorRef Child)> SuperviseAsync(SupervisorStrategy strategy, Props child, string name = "parent")
    {
        var parent = Sys.ActorOf(Props.Create(() => new DelegateActor
        {
            Strategy = strategy,
            OnReceive = (self, message) => self.CurrentSender.Tell(self.Ctx.ActorOf(child, "child")),
        }), name);
        // Through the probe rather than Ask: Ask would arm a timer on the manual clock.
        Probe.Send(parent, "create");
        return (parent, await Probe.ExpectMsgAsync<IActorRef>());
    }
}

using Prosync.Actors.Kernel;

namespace Prosync.Actors.Tests.Kernel;

public class StressTests : KernelTestBase
{
    private sealed record Result(int Actor, int Count, bool InOrder);

    [Fact]
    public async Task Eight_actors_each_receive_ten_thousand_concurrent_messages_complete_and_in_order()
    {
        const int actors = 8;
        const int messages = 10_000;
        var refs = Enumerable.Range(0, actors).Select(a => Sys.ActorOf(Props.Create(() =>
        {
            var expected = 0;
            var inOrder = true;
            return new DelegateActor
            {
                OnReceive = (_, m) =>
                {
                    inOrder &= (int)m == expected;
                    if (++expected == messages)
                        Probe.Ref.Tell(new Result(a, expected, inOrder));
                },
            };
        }))).ToArray();

        // One sending thread per actor, all at once.
        await Task.WhenAll(refs.Select(target => Task.Run(() =>
        {
            for (var i = 0; i < messages; i++)
                target.Tell(i);
        })));

        var results = new List<Result>();
        for (var i = 0; i < actors; i++)
            results.Add(await Probe.ExpectMsgAsync<Result>(TimeSpan.FromSeconds(10)));
        Assert.Equal(Enumerable.Range(0, actors), results.Select(r => r.Actor).Order());
        Assert.All(results, r => Assert.True(r.InOrder && r.Count == messages, $"actor {r.Actor}"));
    }

    [Fact]
    public async Task Messages_from_many_concurrent_senders_to_one_actor_keep_each_senders_order()
    {
        const int senders = 8;
        const int messages = 2_000;
        var target = Sys.ActorOf(Props.Create(() =>
        {
            var next = new int[senders];
            var outOfOrder = 0;
            var total = 0;
            return new DelegateActor
            {
                OnReceive = (_, m) =>
                {
                    var (sender, seq) = ((int, int))m;
                    if (next[sender]++ != seq)
                        outOfOrder++;
                    if (++total == senders * messages)
                        Probe.Ref.Tell(outOfOrder);
                },
            };
        }));

        await Task.WhenAll(Enumerable.Range(0, senders).Select(s => Task.Run(() =>
        {
            for (var i = 0; i < messages; i++)
                target.Tell((s, i));
        })));

        Assert.Equal(0, await Probe.ExpectMsgAsync<int>(TimeSpan.FromSeconds(10)));
    }
}

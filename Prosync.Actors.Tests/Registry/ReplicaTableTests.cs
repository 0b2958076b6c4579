using Prosync.Host.Registry;

namespace Prosync.Actors.Tests.Registry;

public class ReplicaTableTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 6, 0, 0, 0, TimeSpan.Zero);

    private static RegisteredReplica Replica(string name = "attic", string mpd = "10.0.0.2:6600", string agent = "http://10.0.0.2:6680")
        => new(name, mpd, agent, 3, default, default);

    [Fact]
    public void Registrations_are_new_renewed_moved_or_conflicting()
    {
        var table = new ReplicaTable();
        Assert.Equal(ReplicaTable.Registration.New, table.Classify(Replica()));
        table.Record(Replica(), T0);
        Assert.Equal(ReplicaTable.Registration.Renewed, table.Classify(Replica(name: "ATTIC")));
        Assert.Equal(ReplicaTable.Registration.Moved, table.Classify(Replica(agent: "http://10.0.0.2:7777")));
        Assert.Equal(ReplicaTable.Registration.Conflict, table.Classify(Replica(mpd: "10.0.0.3:6600")));
    }

    [Fact]
    public void A_keepalive_keeps_the_registration_time_and_moves_the_expiry()
    {
        var table = new ReplicaTable();
        table.Record(Replica(), T0);
        table.Record(Replica(), T0.AddSeconds(3));
        Assert.Equal(T0, table.Find("attic")!.RegisteredAt);
        Assert.Empty(table.Expired(T0.AddSeconds(12), TimeSpan.FromSeconds(10)));
        Assert.Equal(["attic"], table.Expired(T0.AddSeconds(13.5), TimeSpan.FromSeconds(10)).Select(r => r.Name));
    }
}

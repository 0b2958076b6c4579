using Prosync.Actors.Cluster;

namespace Prosync.Actors.Tests.Cluster;

public sealed class ReplicaSelectorTests
{
    private static readonly ReplicaCandidate[] Rooms = [new("kitchen", 8.0), new("living", 1.2), new("attic", 30.0)];

    private static IReadOnlyList<string> Choose(ReadPolicy policy, string? sticky = null, bool primaryOnly = false,
        string? fixedServer = null, IReadOnlyList<ReplicaCandidate>? rooms = null) =>
        ReplicaSelector.Choose(policy, primaryOnly, "kitchen", rooms ?? Rooms, sticky, fixedServer);

    [Fact]
    public void Lowest_latency_picks_the_shortest_round_trip() =>
        Assert.Equal(["living"], Choose(ReadPolicy.LowestLatency));

    [Fact]
    public void Reads_bound_to_queue_ids_always_go_to_the_primary()
    {
        Assert.Equal(["kitchen"], Choose(ReadPolicy.LowestLatency, primaryOnly: true));
        Assert.Equal(["kitchen"], Choose(ReadPolicy.Race, primaryOnly: true));
        Assert.Equal(["kitchen"], Choose(ReadPolicy.Fixed, primaryOnly: true, fixedServer: "attic"));
    }

    [Fact]
    public void A_session_keeps_its_room_until_another_is_clearly_faster()
    {
        // kitchen 8 ms is not within 1.5 × 1.2 + 1 = 2.8 ms of living: it moves.
        Assert.Equal(["living"], Choose(ReadPolicy.LowestLatency, sticky: "kitchen"));
        ReplicaCandidate[] close = [new("kitchen", 2.5), new("living", 1.2)];
        Assert.Equal(["kitchen"], Choose(ReadPolicy.LowestLatency, sticky: "kitchen", rooms: close));
        // A sticky room that is no longer in sync is not a candidate.
        Assert.Equal(["living"], Choose(ReadPolicy.LowestLatency, sticky: "gone"));
    }

    [Fact]
    public void Unmeasured_rooms_are_not_chosen_and_with_no_measurement_the_primary_answers()
    {
        ReplicaCandidate[] unmeasured = [new("kitchen", double.NaN), new("living", double.NaN)];
        Assert.Equal(["kitchen"], Choose(ReadPolicy.LowestLatency, rooms: unmeasured));
        ReplicaCandidate[] one = [new("kitchen", double.NaN), new("living", 4)];
        Assert.Equal(["living"], Choose(ReadPolicy.LowestLatency, rooms: one));
    }

    [Fact]
    public void Ties_go_to_the_primary()
    {
        ReplicaCandidate[] tie = [new("living", 2), new("kitchen", 2)];
        Assert.Equal(["kitchen"], Choose(ReadPolicy.LowestLatency, rooms: tie));
    }

    [Fact]
    public void Race_asks_every_in_sync_room() =>
        Assert.Equal(["kitchen", "living", "attic"], Choose(ReadPolicy.Race));

    [Fact]
    public void Fixed_uses_its_room_while_in_sync_else_the_primary()
    {
        Assert.Equal(["attic"], Choose(ReadPolicy.Fixed, fixedServer: "attic"));
        Assert.Equal(["kitchen"], Choose(ReadPolicy.Fixed, fixedServer: "cellar"));
    }
}

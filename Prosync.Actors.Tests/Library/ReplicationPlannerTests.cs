using Prosync.Actors.Library;

namespace Prosync.Actors.Tests.Library;

public sealed class ReplicationPlannerTests
{
    private static Dictionary<string, IReadOnlySet<string>> Has(params (string Room, string[] Files)[] rooms) =>
        rooms.ToDictionary(r => r.Room, r => (IReadOnlySet<string>)r.Files.ToHashSet());

    private sealed class Reversed : IReplicaChooser
    {
        public IReadOnlyList<string> Rank(IReadOnlyList<string> holders, ReplicaOptimization optimize) =>
            optimize == ReplicaOptimization.Throughput ? holders.Reverse().ToList() : holders;
    }

    [Fact]
    public void A_file_some_rooms_lack_is_copied_to_them_from_the_holders_ranked_by_throughput()
    {
        var plan = ReplicationPlanner.Plan(["x", "y"], Has(("a", ["x", "y"]), ("b", ["x", "y"]), ("c", ["y"]), ("d", [])),
            _ => true, new Reversed());
        Assert.True(plan.CanComplete);
        Assert.Equal([new FileCopy("x", ["b", "a"], ["c", "d"]), new FileCopy("y", ["c", "b", "a"], ["d"])],
            plan.Copies, new CopyComparer());
    }

    [Fact]
    public void A_lacking_room_without_file_access_makes_a_refusal_naming_the_file_and_the_room()
    {
        var plan = ReplicationPlanner.Plan(["x"], Has(("a", ["x"]), ("bedroom", [])), room => room != "bedroom",
            UnmeasuredReplicaChooser.Instance);
        Assert.False(plan.CanComplete);
        Assert.Equal(["x is missing in bedroom (no file access to copy it)"], plan.Refusals);
        Assert.Empty(plan.Copies);
    }

    [Fact]
    public void Holders_without_file_access_cannot_be_a_source()
    {
        var plan = ReplicationPlanner.Plan(["x"], Has(("a", ["x"]), ("b", [])), room => room != "a", UnmeasuredReplicaChooser.Instance);
        Assert.Equal(["x is missing in b (no room that has it has file access: a)"], plan.Refusals);
    }

    [Fact]
    public void Files_everyone_has_or_no_one_has_need_nothing()
    {
        var plan = ReplicationPlanner.Plan(["x", "nowhere"], Has(("a", ["x"]), ("b", ["x"])), _ => false, UnmeasuredReplicaChooser.Instance);
        Assert.True(plan.IsEmpty);
    }

    [Fact]
    public void A_file_only_another_group_has_is_copied_to_every_target_and_that_group_is_only_a_source()
    {
        var plan = ReplicationPlanner.Plan(["x"], Has(("kitchen", ["x"]), ("b1", []), ("b2", [])), new HashSet<string> { "b1", "b2" },
            _ => true, UnmeasuredReplicaChooser.Instance);
        Assert.Equal([new FileCopy("x", ["kitchen"], ["b1", "b2"])], plan.Copies, new CopyComparer());
        Assert.True(plan.CanComplete);
    }

    [Fact]
    public void A_file_only_another_group_has_that_cannot_reach_every_target_is_left_to_MPD_the_targets_stay_alike()
    {
        var noAccess = ReplicationPlanner.Plan(["x"], Has(("kitchen", ["x"]), ("b1", []), ("b2", [])), new HashSet<string> { "b1", "b2" },
            room => room != "b2", UnmeasuredReplicaChooser.Instance);
        Assert.True(noAccess.IsEmpty);
        var noSource = ReplicationPlanner.Plan(["x"], Has(("kitchen", ["x"]), ("b1", [])), new HashSet<string> { "b1" },
            room => room != "kitchen", UnmeasuredReplicaChooser.Instance);
        Assert.True(noSource.IsEmpty);
    }

    [Fact]
    public void Another_group_is_the_source_of_a_file_the_targets_differ_on_and_its_own_lack_is_not_planned()
    {
        var plan = ReplicationPlanner.Plan(["x", "y"], Has(("kitchen", ["x", "y"]), ("b1", ["y"]), ("b2", []), ("attic", [])),
            new HashSet<string> { "b1", "b2" }, room => room != "b1", UnmeasuredReplicaChooser.Instance);
        // y: b1 has it (but cannot be read), b2 lacks it: from kitchen. x: b1 cannot take it, so neither gets it.
        // attic lacks both but is not a target.
        Assert.Equal([new FileCopy("y", ["kitchen"], ["b2"])], plan.Copies, new CopyComparer());
        Assert.True(plan.CanComplete);
    }

    private sealed class CopyComparer : IEqualityComparer<FileCopy>
    {
        public bool Equals(FileCopy? x, FileCopy? y) =>
            x!.Path == y!.Path && x.Sources.SequenceEqual(y.Sources) && x.Targets.SequenceEqual(y.Targets);

        public int GetHashCode(FileCopy obj) => obj.Path.GetHashCode(StringComparison.Ordinal);
    }
}

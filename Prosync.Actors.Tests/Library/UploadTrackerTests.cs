using Prosync.Actors.Library;

namespace Prosync.Actors.Tests.Library;

public sealed class UploadTrackerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 6, 3, 0, 0, TimeSpan.Zero);
    private static readonly Guid Id = Guid.NewGuid();

    private static UploadTracker Started()
    {
        var tracker = new UploadTracker();
        tracker.Start(Id, "A/x.flac", 1000, "abc", T0, [
            new RoomUploadProgress("kitchen", RoomUploadState.Queued, 0, null, null),
            new RoomUploadProgress("attic", RoomUploadState.WaitingForRoom, 0, "down", null),
            new RoomUploadProgress("shed", RoomUploadState.Failed, 0, "no file access", null)]);
        return tracker;
    }

    private static RoomUploadProgress Room(UploadTracker tracker, string name, DateTimeOffset now) =>
        tracker.Snapshot(now).Single().Rooms.Single(r => r.Name == name);

    [Fact]
    public void A_room_goes_from_queued_through_its_bytes_and_its_database_to_done_with_the_checksum()
    {
        var tracker = Started();
        tracker.Step(Id, "kitchen", RoomUploadState.Copying, 400, null, T0);
        Assert.Equal(new RoomUploadProgress("kitchen", RoomUploadState.Copying, 400, null, null), Room(tracker, "kitchen", T0));
        tracker.Step(Id, "kitchen", RoomUploadState.UpdatingDatabase, 0, null, T0);
        Assert.Equal(1000, Room(tracker, "kitchen", T0).BytesCopied);
        tracker.Step(Id, "kitchen", RoomUploadState.Done, 0, null, T0);
        tracker.Step(Id, "kitchen", RoomUploadState.Copying, 900, null, T0); // a late progress report
        Assert.Equal(new RoomUploadProgress("kitchen", RoomUploadState.Done, 1000, null, "abc"), Room(tracker, "kitchen", T0));
    }

    [Fact]
    public void An_upload_stays_listed_while_a_room_waits_and_for_a_minute_after_its_last_room_finished()
    {
        var tracker = Started();
        tracker.Step(Id, "kitchen", RoomUploadState.Done, 0, null, T0);
        Assert.Null(tracker.Snapshot(T0.AddHours(1)).Single().FinishedAt); // attic still waits

        var delivered = T0.AddHours(2);
        tracker.Step(Id, "attic", RoomUploadState.Copying, 10, null, delivered);
        Assert.Null(Room(tracker, "attic", delivered).Error);
        tracker.Step(Id, "attic", RoomUploadState.Done, 0, null, delivered);
        Assert.Equal(delivered, tracker.Snapshot(delivered).Single().FinishedAt);
        Assert.Single(tracker.Snapshot(delivered + UploadTracker.KeepFinished));
        Assert.Empty(tracker.Snapshot(delivered + UploadTracker.KeepFinished + TimeSpan.FromSeconds(1)));
        tracker.Step(Id, "attic", RoomUploadState.Copying, 10, null, delivered); // unknown by now: nothing happens
        Assert.Empty(tracker.Snapshot(delivered));
    }

    [Fact]
    public void A_room_that_left_no_longer_holds_an_upload_open()
    {
        var tracker = Started();
        tracker.Step(Id, "kitchen", RoomUploadState.Done, 0, null, T0);
        tracker.ForgetRoom("attic", T0.AddSeconds(5));
        var upload = tracker.Snapshot(T0.AddSeconds(5)).Single();
        Assert.Equal(["kitchen", "shed"], upload.Rooms.Select(r => r.Name));
        Assert.Equal(T0.AddSeconds(5), upload.FinishedAt);
    }

    [Fact]
    public void The_groups_parts_of_one_upload_are_merged_and_it_is_finished_when_every_part_is()
    {
        var other = Guid.NewGuid();
        RoomUploadProgress Done(string name) => new(name, RoomUploadState.Done, 10, null, "abc");
        var merged = UploadProgress.Merge([
            new UploadProgress(Id, "x", 10, "abc", T0.AddSeconds(1), T0.AddSeconds(3), [Done("b2"), Done("b1")]),
            new UploadProgress(other, "y", 10, "abc", T0.AddSeconds(2), null, [new("a1", RoomUploadState.Copying, 5, null, null)]),
            new UploadProgress(Id, "x", 10, "abc", T0, T0.AddSeconds(2), [Done("a1")])]);
        Assert.Equal([Id, other], merged.Select(u => u.Id));
        Assert.Equal(["a1", "b1", "b2"], merged[0].Rooms.Select(r => r.Name));
        Assert.Equal(T0, merged[0].StartedAt);
        Assert.Equal(T0.AddSeconds(3), merged[0].FinishedAt);
        Assert.Null(UploadProgress.Merge([merged[0], merged[0] with { FinishedAt = null }]).Single().FinishedAt);
    }

    [Fact]
    public void A_restored_upload_lists_its_waiting_room_once_and_finishes_when_the_room_has_it()
    {
        var tracker = new UploadTracker();
        tracker.Restore(Id, "A/x.flac", 1000, "abc", "attic", "down", T0);
        tracker.Restore(Id, "A/x.flac", 1000, "abc", "attic", "down", T0);
        tracker.Restore(Id, "A/x.flac", 1000, "abc", "shed", "down", T0);
        var upload = tracker.Snapshot(T0).Single();
        Assert.Equal(["attic", "shed"], upload.Rooms.Select(r => r.Name));
        Assert.All(upload.Rooms, r => Assert.Equal(RoomUploadState.WaitingForRoom, r.State));
        Assert.Null(upload.FinishedAt);

        tracker.Step(Id, "attic", RoomUploadState.Done, 0, null, T0);
        tracker.Step(Id, "shed", RoomUploadState.Done, 0, null, T0.AddSeconds(1));
        Assert.Equal(T0.AddSeconds(1), tracker.Snapshot(T0.AddSeconds(1)).Single().FinishedAt);
    }

    [Fact]
    public void Restoring_a_room_an_upload_already_lists_changes_nothing()
    {
        var tracker = Started();
        tracker.Step(Id, "kitchen", RoomUploadState.Done, 0, null, T0);
        tracker.Restore(Id, "A/x.flac", 1000, "abc", "kitchen", "down", T0);
        Assert.Equal(RoomUploadState.Done, Room(tracker, "kitchen", T0).State);
    }
}

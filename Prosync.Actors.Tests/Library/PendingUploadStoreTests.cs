using Prosync.Actors.Cluster;
using Prosync.Actors.Library;

namespace Prosync.Actors.Tests.Library;

/// <summary>The store on a real directory: staged files moved in, the list on disk, files deleted when no room waits.</summary>
public sealed class PendingUploadStoreTests : IDisposable
{
    private readonly DirectoryInfo _root = System.IO.Directory.CreateTempSubdirectory("prosync-pending-");

    private string Kept => Path.Combine(_root.FullName, "rooms.uploads");

    public void Dispose() => _root.Delete(recursive: true);

    private UploadFile Staged(string path, byte[] data)
    {
        var staged = Path.Combine(_root.FullName, Guid.NewGuid().ToString("N"));
        File.WriteAllBytes(staged, data);
        return new UploadFile(path, staged, data.Length, "abc");
    }

    [Fact]
    public async Task A_kept_upload_survives_a_reopen_and_its_file_goes_once_every_waiting_room_has_it()
    {
        var store = PendingUploadStore.Open(Kept, ["attic", "shed"], out _);
        Assert.False(System.IO.Directory.Exists(Kept)); // nothing kept yet: nothing made
        var upload = Staged("A/x.flac", [1, 2, 3]);

        var (kept, error) = await store.KeepAsync(upload, ["attic", "shed"]);
        Assert.Null(error);
        Assert.True(store.Holds(kept));
        Assert.False(File.Exists(upload.StagedFile));
        Assert.Equal([1, 2, 3], await File.ReadAllBytesAsync(kept.StagedFile));

        var reopened = PendingUploadStore.Open(Kept, ["attic", "shed"], out var lost);
        Assert.Empty(lost);
        Assert.Equal([kept], reopened.For("attic"));
        Assert.Equal([kept], reopened.For("shed"));

        Assert.Null(await reopened.DeliveredAsync("attic", kept));
        Assert.True(File.Exists(kept.StagedFile));
        Assert.Null(await reopened.DeliveredAsync("shed", kept));
        Assert.False(File.Exists(kept.StagedFile));
        Assert.Empty(PendingUploadStore.Open(Kept, ["attic", "shed"], out _).For("attic"));
    }

    [Fact]
    public async Task On_open_rooms_no_longer_configured_wait_for_nothing_and_lost_or_unlisted_files_are_handled()
    {
        var store = PendingUploadStore.Open(Kept, ["attic", "shed"], out _);
        var (onlyAttic, _) = await store.KeepAsync(Staged("A/x.flac", [1]), ["attic"]);
        var (both, _) = await store.KeepAsync(Staged("A/y.flac", [2]), ["attic", "shed"]);
        var (vanished, _) = await store.KeepAsync(Staged("A/z.flac", [3]), ["shed"]);
        File.Delete(vanished.StagedFile);
        var stray = Path.Combine(Kept, $"{Guid.NewGuid():N}-{Guid.NewGuid():N}");
        await File.WriteAllBytesAsync(stray, [9]);
        Assert.True(store.Flush(TimeSpan.FromSeconds(5)));

        var reopened = PendingUploadStore.Open(Kept, ["shed"], out var lost); // attic was removed from the configuration
        Assert.Equal([vanished], lost);
        Assert.Equal([both], reopened.For("shed"));
        Assert.Empty(reopened.For("attic"));
        Assert.False(File.Exists(onlyAttic.StagedFile));
        Assert.False(File.Exists(stray));
        Assert.True(File.Exists(both.StagedFile));
    }

    [Fact]
    public async Task A_room_removed_from_the_house_lets_go_of_what_only_it_waited_for()
    {
        var store = PendingUploadStore.Open(Kept, ["attic", "shed"], out _);
        var (kept, _) = await store.KeepAsync(Staged("A/x.flac", [1]), ["attic"]);
        Assert.Null(await store.ForgetRoomAsync("kitchen"));
        Assert.True(File.Exists(kept.StagedFile));
        Assert.Null(await store.ForgetRoomAsync("attic"));
        Assert.False(File.Exists(kept.StagedFile));
        Assert.Empty(store.For("attic"));
    }

    [Fact]
    public async Task A_staged_file_that_cannot_be_moved_is_said_and_stays_where_it_was()
    {
        var store = PendingUploadStore.Open(Kept, ["attic"], out _);
        var missing = new UploadFile("A/x.flac", Path.Combine(_root.FullName, "no-such-file"), 1, "abc");
        var (kept, error) = await store.KeepAsync(missing, ["attic"]);
        Assert.Equal(missing, kept);
        Assert.Contains("could not be kept", error, StringComparison.Ordinal);
        Assert.Empty(store.For("attic"));
    }

    [Fact]
    public void A_list_that_is_not_one_fails_the_open_naming_the_file()
    {
        System.IO.Directory.CreateDirectory(Kept);
        File.WriteAllText(Path.Combine(Kept, "pending.json"), "[[[");
        var e = Assert.Throws<InvalidDataException>(() => PendingUploadStore.Open(Kept, ["attic"], out _));
        Assert.Contains("pending.json", e.Message, StringComparison.Ordinal);
    }
}

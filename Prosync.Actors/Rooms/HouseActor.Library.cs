using Akka.Actor;
using Prosync.Actors.Cluster;

namespace Prosync.Actors.Rooms;

/// <summary>
/// The library through the house: each group's cluster keeps its rooms' listings, copies and uploads; the house asks
/// every group and puts the answers together, so the API sees every room wherever it plays.
/// </summary>
public sealed partial class HouseActor
{
    private static readonly TimeSpan LibraryTimeout = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan UploadTimeout = TimeSpan.FromMinutes(10);

    private void OnLibraryMessage(object message)
    {
        switch (message)
        {
            case GetLibrary get: OnGetLibrary(get); break;
            case UploadFile upload: OnUploadFile(upload); break;
            case SyncRoomLibrary sync when _layout.HasRoom(sync.Name): GroupOf(sync.Name).Forward(sync); break;
            case SyncRoomLibrary sync: Sender.Tell(new LibrarySynced(sync.Name, false, [], [])); break;
        }
    }

    private void OnGetLibrary(GetLibrary get)
    {
        var replyTo = Sender;
        Task.WhenAll(_groups.Values.Select(g => g.Ask<LibraryStatus>(get, LibraryTimeout)))
            .PipeTo(replyTo, success: all => new LibraryStatus([.. all.SelectMany(s => s.Rooms)]),
                failure: e => new Status.Failure(e));
    }

    /// <summary>
    /// Every group stores the upload in its rooms. A group deletes its staged file once all its rooms have it, so each
    /// group after the first gets a copy of its own.
    /// </summary>
    private void OnUploadFile(UploadFile upload)
    {
        var replyTo = Sender;
        var groups = _layout.Groups.Where(g => _layout.HasRooms(g)).Select(g => _groups[g]).ToList();
        if (groups.Count == 0)
        {
            replyTo.Tell(new UploadCompleted(upload.Path, upload.Bytes, upload.Sha256, []));
            return;
        }
        // The copies run off the house's thread: every client command passes through the house.
        UploadToGroupsAsync(upload, groups)
            .PipeTo(replyTo, success: all => new UploadCompleted(upload.Path, upload.Bytes, upload.Sha256, [.. all.SelectMany(c => c.Rooms)]),
                failure: e => new Status.Failure(e));
    }

    private static async Task<UploadCompleted[]> UploadToGroupsAsync(UploadFile upload, IReadOnlyList<IActorRef> groups)
    {
        var uploads = new List<(IActorRef Group, UploadFile Upload)> { (groups[0], upload) };
        for (int i = 1; i < groups.Count; i++)
        {
            var copy = $"{upload.StagedFile}.group{i}";
            await Task.Run(() => File.Copy(upload.StagedFile, copy, overwrite: true));
            uploads.Add((groups[i], upload with { StagedFile = copy }));
        }
        return await Task.WhenAll(uploads.Select(u => u.Group.Ask<UploadCompleted>(u.Upload, UploadTimeout)));
    }
}

using Akka.Actor;
using Akka.Event;
using Prosync.Actors.Cluster;
using Prosync.Actors.Library;

namespace Prosync.Actors.Rooms;

/// <summary>
/// The library is the house's: every room is a replica of it, whatever group it plays in. Each group lists its own rooms
/// (it owns their connections and hears their database events) and reports every listing and every file it stores to
/// the house, which keeps the one <see cref="LibraryIndex"/> of every room: what a room lacks is judged against all of
/// them, and a room's sync takes each file from any room that holds it. Copies still run in the target's group (its
/// write queue orders them with its commands); for those a group asks the house for every room (<see cref="GetHouseRooms"/>)
/// and takes its sources among them.
/// </summary>
public sealed partial class HouseActor
{
    private static readonly TimeSpan LibraryTimeout = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan UploadTimeout = TimeSpan.FromMinutes(10);

    private readonly LibraryIndex _library = new();

    private void OnLibraryMessage(object message)
    {
        switch (message)
        {
            case GetLibrary get: OnGetLibrary(get); break;
            case LibraryGathered gathered: OnLibraryGathered(gathered); break;
            case UploadFile upload: OnUploadFile(upload); break;
            case SyncRoomLibrary sync: OnSyncRoomLibrary(sync); break;
            case RoomLibraryListed listed when _endpoints.ContainsKey(listed.Room): _library.Update(listed.Room, listed.Songs, listed.At); break;
            case RoomSongsAdded added:
                foreach (var path in added.Paths) _library.Add(added.Room, new LibrarySong(path, null));
                break;
            case GetHouseRooms: Sender.Tell(new HouseRooms([.. _endpoints.Values])); break;
            case GetUploads get: OnGetUploads(get); break;
        }
    }

    /// <summary>A room removed from the house leaves the index (a room moved to another group stays: it is still a replica).</summary>
    private void ForgetRemovedLibraries()
    {
        foreach (var gone in _library.Rooms.Where(r => !_endpoints.ContainsKey(r)).ToList()) _library.Remove(gone);
    }

    /// <summary>Each group says what only it knows (pending uploads, blocked repairs, file access); the house, what each room lacks.</summary>
    private void OnGetLibrary(GetLibrary get)
    {
        var replyTo = Sender;
        Task.WhenAll(_groups.Values.Select(g => g.Ask<LibraryStatus>(get, LibraryTimeout)))
            .PipeTo(Self, success: all => new LibraryGathered(replyTo, all), failure: e => new StatusFailed(replyTo, e));
    }

    private void OnLibraryGathered(LibraryGathered gathered)
    {
        ForgetRemovedLibraries();
        gathered.ReplyTo.Tell(new LibraryStatus([.. gathered.Groups.SelectMany(s => s.Rooms).Select(room => room with
        {
            Files = _library.IsListed(room.Name) ? _library.Count(room.Name) : null,
            Missing = _library.Missing(room.Name),
            Different = _library.Different(room.Name),
            LastCheck = _library.LastCheck(room.Name),
        })]));
    }

    /// <summary>Each group's rooms' part of every upload, put together per upload (a pure merge: no state of the house is read).</summary>
    private void OnGetUploads(GetUploads get)
    {
        Task.WhenAll(_groups.Values.Select(g => g.Ask<UploadsInFlight>(get, LibraryTimeout)))
            .PipeTo(Sender, success: all => new UploadsInFlight(UploadProgress.Merge(all.SelectMany(g => g.Uploads))),
                failure: e => new Status.Failure(e));
    }

    /// <summary>A room removed from the house waits for no upload any more (one that moved to another group still does).</summary>
    private void ForgetPendingUploads(string room)
    {
        if (_options.PendingUploads is not { } store) return;
        var log = Log;
        store.ForgetRoomAsync(room).ContinueWith(t =>
        {
            if (t.Result is { } error) log.Error("Pending uploads: {Error}", error);
        }, TaskScheduler.Default);
    }

    /// <summary>The room's group copies what it lacks against the whole house, each file from the best room that holds it.</summary>
    private void OnSyncRoomLibrary(SyncRoomLibrary sync)
    {
        if (!_layout.HasRoom(sync.Name))
        {
            Sender.Tell(new LibrarySynced(sync.Name, false, [], []));
            return;
        }
        ForgetRemovedLibraries();
        if (!_library.IsListed(sync.Name))
        {
            Sender.Tell(new LibrarySynced(sync.Name, true, [], [$"the library of {sync.Name} has not been listed yet"]));
            return;
        }
        var missing = _library.Missing(sync.Name);
        var holders = missing.ToDictionary(f => f, f => (IReadOnlyList<string>)_library.Holders(f).Where(h => h != sync.Name).ToList(),
            StringComparer.Ordinal);
        GroupOf(sync.Name).Forward(new SyncRoomFromHouse(sync.Name, missing, holders, [.. _endpoints.Values]));
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

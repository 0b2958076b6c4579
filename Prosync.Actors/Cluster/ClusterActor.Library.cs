using Akka.Actor;
using Akka.Event;
using Prosync.Actors.Library;
using Prosync.Actors.Protocol;
using Prosync.Actors.Proxy;
using Prosync.Actors.Rooms;
using Prosync.Actors.Servers;

namespace Prosync.Actors.Cluster;

/// <summary>
/// The rooms as replicas of one library. Before a state change that takes songs from the library is broadcast, every
/// in-sync room is asked which of those files it has; a file some lack is first copied to them (from the best holder,
/// by throughput) and only then is the command run everywhere — or, when it cannot be copied, the command is refused
/// with an ACK naming the file and the rooms, and no room changes. A resync that cannot add a queue song copies it the
/// same way, or stops and says why until something changes. Also: per-room listings (the registry), a room brought up
/// to date; uploads are in ClusterActor.Library.Uploads.cs. Files move in tasks between <see cref="IRoomFiles"/>; the actor
/// only sees their outcomes.
/// </summary>
/// <remarks>
/// In a house (Rooms/HouseActor) the library is the house's: a copy into this group's rooms takes its source among every
/// room of the house (the house names them, <see cref="OtherRoomsAsync"/>; rooms of other groups are sources, never
/// targets), and every listing and stored file is reported to the house, whose index says what a room lacks. This
/// group's own index (its rooms only) serves the fast path of <c>add</c>.
/// </remarks>
public sealed partial class ClusterActor
{
    /// <summary>How long copying the files a command needs may hold the write queue before the command is refused.</summary>
    private static readonly TimeSpan ReplicationTimeout = TimeSpan.FromMinutes(2);

    /// <summary>How long a room whose missing songs could not be copied waits before its resync tries again by itself.</summary>
    private static readonly TimeSpan CopyRetryDelay = TimeSpan.FromSeconds(30);

    /// <summary>A room that could not be asked which songs it has is asked again after this (a loaded moment, not a loop).</summary>
    private static readonly TimeSpan CheckRetryDelay = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long the rooms may take to list a command's files. Short: a room that hangs must not hold every command up;
    /// one that does not answer in time is left out of the check (it is on its way to Down, or, if it then lacks the
    /// file, its resync copies it).
    /// </summary>
    private static readonly TimeSpan FileCheckTimeout = TimeSpan.FromSeconds(3);

    private readonly LibraryIndex _library = new();
    /// <summary>Rooms whose resync stopped for a reason that does not go away by itself, and the reason.</summary>
    private readonly Dictionary<string, string> _repairBlocked = [];
    /// <summary>Writes whose files have been checked (and copied): they run as they are when they come round again.</summary>
    private readonly HashSet<long> _filesChecked = [];
    private readonly HashSet<string> _listing = [];
    private readonly HashSet<string> _relist = [];

    /// <summary>How long the house may take to name its rooms (it answers from memory; a busy house only delays the copy).</summary>
    private static readonly TimeSpan HouseRoomsTimeout = TimeSpan.FromSeconds(2);

    private IReplicaChooser Chooser => _options.ReplicaChooser;

    /// <summary>The measured chooser learns from the copies made with its choices; an unmeasured one has nothing to learn.</summary>
    private ITransferMeter? Meter => _options.ReplicaChooser as ITransferMeter;

    private void OnLibraryMessage(ILibraryMessage message)
    {
        switch (message)
        {
            case WriteFilesChecked checkedFiles: OnWriteFilesChecked(checkedFiles); break;
            case WriteFilesReplicated replicated: OnWriteFilesReplicated(replicated); break;
            case ResyncFilesChecked checkedFiles: OnResyncFilesChecked(checkedFiles); break;
            case ResyncFilesReplicated replicated: OnResyncFilesReplicated(replicated); break;
            case LibraryListed listed: OnLibraryListed(listed); break;
            case GetLibrary: Sender.Tell(LibraryStatus()); break;
            case UploadFile upload: OnUploadFile(upload); break;
            case UploadDelivered delivered: OnUploadDelivered(delivered); break;
            case PendingUploadDelivered delivered: OnPendingUploadDelivered(delivered); break;
            case UploadStepped stepped: _uploads.Step(stepped.Id, stepped.Room, stepped.State, stepped.BytesCopied, null, Clock.GetUtcNow()); break;
            case GetUploads: Sender.Tell(new UploadsInFlight(UploadsSnapshot())); break;
            case PendingUploadsWritten { Error: { } error }: Log.Error("Pending uploads: {Error}", error); break;
            case PendingUploadsWritten: break;
            case SyncRoomLibrary sync: OnSyncRoomLibrary(sync); break;
            case SyncRoomFromHouse sync: OnSyncRoomFromHouse(sync); break;
            case LibrarySyncDone done: OnLibrarySyncDone(done); break;
        }
    }

    /// <summary>The room's file access, or null (none configured, or the room is gone).</summary>
    private IRoomFiles? FilesOf(string room) => _servers.TryGetValue(room, out var entry) ? RoomFiles.For(entry.Endpoint) : null;

    /// <summary>
    /// Every room's file access now — this group's and <paramref name="others"/> (rooms of the house's other groups) —
    /// for a task that must not touch the actor's state.
    /// </summary>
    private Func<string, IRoomFiles?> FileAccessSnapshot(IEnumerable<ServerEndpoint> others)
    {
        var files = others.Where(o => !_servers.ContainsKey(o.Name)).ToDictionary(o => o.Name, RoomFiles.For);
        foreach (var (name, entry) in _servers) files[name] = RoomFiles.For(entry.Endpoint);
        return room => files.GetValueOrDefault(room);
    }

    /// <summary>The rooms of the house's other groups; none when the cluster runs alone or the house does not answer in time.</summary>
    private static async Task<IReadOnlyList<ServerEndpoint>> OtherRoomsAsync(IActorRef? house, IReadOnlySet<string> own)
    {
        if (house is null) return [];
        try
        {
            var rooms = await house.Ask<HouseRooms>(GetHouseRooms.Instance, HouseRoomsTimeout);
            return rooms.Rooms.Where(r => !own.Contains(r.Name)).ToList();
        }
        catch (AskTimeoutException)
        {
            return [];
        }
    }

    /// <summary>
    /// Lists, on <paramref name="rooms"/> of this group and on every room of the house's other groups, what
    /// <paramref name="list"/> names: which rooms hold which files, and those other rooms (for their file access).
    /// </summary>
    private static async Task<(Dictionary<string, IReadOnlySet<string>> Has, IReadOnlyList<ServerEndpoint> Others)> ListAcrossHouseAsync(
        IReadOnlyList<ServerEndpoint> rooms, IActorRef? house, IReadOnlySet<string> own, Func<ServerEndpoint, CancellationToken, Task<IReadOnlySet<string>>> list)
    {
        var others = await OtherRoomsAsync(house, own);
        return (await ListOnEachAsync([.. rooms, .. others], list), others);
    }

    private HashSet<string> OwnRooms() => _servers.Keys.ToHashSet(StringComparer.Ordinal);

    /// <summary>A file now in the room's database (copied or uploaded): this group's index and the house's know it.</summary>
    private void NoteStored(string room, IReadOnlyList<string> paths)
    {
        if (paths.Count == 0) return;
        foreach (var path in paths) _library.Add(room, new LibrarySong(path, null));
        _house?.Tell(new RoomSongsAdded(room, paths));
    }

    // ---- a state change that takes files from the library ----

    /// <summary>
    /// Hook at the head of the write queue: holds a write that takes songs from the library until every in-sync room
    /// is known to have them. True when the write is held (it is <see cref="_inFlight"/> meanwhile, so later commands
    /// wait behind it and the global order is kept).
    /// </summary>
    private bool HoldForFiles(WriteOperation op)
    {
        if (_filesChecked.Remove(op.Tag)) return false;
        var query = FileLookup.QueryFor(op.Request.Request);
        var playlist = FileLookup.PlaylistFor(op.Request.Request);
        if (query is null && playlist is null) return false;
        var rooms = InSync.Select(s => s.Endpoint).ToList();
        // Alone (no house), a single room has no one to copy from; in a house, the other groups' rooms may have the file.
        if (rooms.Count == 0 || (rooms.Count < 2 && _house is null) || EveryRoomIsListedWith(op.Request.Request, rooms)) return false;
        _inFlight = op;
        var tag = op.Tag;
        (query is not null
                ? ListAcrossHouseAsync(rooms, _house, OwnRooms(), (room, ct) => FilesNamedAsync(room, [query], ct))
                : PlaylistAcrossHouseAsync(rooms, _house, OwnRooms(), playlist!))
            .PipeTo(Self, success: r => new WriteFilesChecked(tag, r.Has, r.Others), failure: _ => new WriteFilesChecked(tag, [], []));
        return true;
    }

    /// <summary>The song files the room's answers to <paramref name="lines"/> name.</summary>
    private static async Task<IReadOnlySet<string>> FilesNamedAsync(ServerEndpoint room, IReadOnlyList<string> lines, CancellationToken ct)
    {
        var responses = await MpdDatabase.QueryAsync(room.Host, room.Port, lines, ct);
        return responses.SelectMany(MpdDatabase.Files).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>
    /// For a <c>load</c>: per room of this group, the songs of its stored playlist that its database has (the ones its
    /// <c>load</c> would add); then the house's other groups' rooms, asked for those songs by path (their stored
    /// playlists are their own).
    /// </summary>
    private static async Task<(Dictionary<string, IReadOnlySet<string>> Has, IReadOnlyList<ServerEndpoint> Others)> PlaylistAcrossHouseAsync(
        IReadOnlyList<ServerEndpoint> rooms, IActorRef? house, IReadOnlySet<string> own, string playlist)
    {
        var others = await OtherRoomsAsync(house, own);
        var songs = new System.Collections.Concurrent.ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        var has = await ListOnEachAsync(rooms, async (room, ct) =>
        {
            var listed = (await MpdDatabase.QueryAsync(room.Host, room.Port, [new MpdRequest("listplaylist", [playlist]).ToLine()], ct))[0];
            var files = MpdDatabase.Files(listed).Where(f => !LibraryPath.IsRemoteUri(f)).ToList();
            foreach (var file in files) songs.TryAdd(file, true);
            return await FilesNamedAsync(room, files.Select(f => new MpdRequest("listall", [f]).ToLine()).ToList(), ct);
        });
        var lines = songs.Keys.Select(f => new MpdRequest("listall", [f]).ToLine()).ToList();
        if (others.Count > 0 && lines.Count > 0)
            foreach (var (name, files) in await ListOnEachAsync(others, (room, ct) => FilesNamedAsync(room, lines, ct))) has[name] = files;
        return (has, others);
    }

    /// <summary>
    /// The fast path: an <c>add</c>/<c>addid</c> of one song that every room's listing has runs without asking the rooms
    /// (a round trip or two to the slowest room saved on the commonest command). Listings follow MPD's database events,
    /// so one is stale only for the moment after a change; a song deleted in that moment makes the room answer the add
    /// with an ACK, and its resync then copies the song back. Anything else (directories, tags, a song some listing
    /// lacks) is asked of the rooms.
    /// </summary>
    private bool EveryRoomIsListedWith(MpdRequest request, IReadOnlyList<ServerEndpoint> rooms) =>
        request is { Command: "add" or "addid", Args.Count: >= 1 } && rooms.All(r => _library.Has(r.Name, request.Args[0]));

    /// <summary>Each room's answer to its lines (the files named), rooms that could not be asked left out.</summary>
    private static async Task<Dictionary<string, IReadOnlySet<string>>> ListOnEachAsync(IReadOnlyList<ServerEndpoint> rooms,
        Func<ServerEndpoint, CancellationToken, Task<IReadOnlySet<string>>> list)
    {
        using var timeout = new CancellationTokenSource(FileCheckTimeout);
        var answers = await Task.WhenAll(rooms.Select(async room =>
        {
            try
            {
                return (room.Name, Files: await list(room, timeout.Token));
            }
            catch (Exception e) when (e is IOException or TimeoutException or OperationCanceledException or System.Net.Sockets.SocketException
                or InvalidDataException or MpdProtocolException)
            {
                return (room.Name, Files: (IReadOnlySet<string>?)null);
            }
        }));
        // A room that cannot be asked is on its way down; the command goes on without its answer, as writes do.
        return answers.Where(a => a.Files is not null).ToDictionary(a => a.Name, a => a.Files!);
    }

    private void OnWriteFilesChecked(WriteFilesChecked checkedFiles)
    {
        if (Current(checkedFiles.Tag) is not { } op) return;
        var wanted = checkedFiles.Has.Values.SelectMany(f => f).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        // The targets are this group's rooms that answered; the other groups' rooms are only sources.
        var targets = checkedFiles.Has.Keys.Where(_servers.ContainsKey).ToHashSet(StringComparer.Ordinal);
        var files = FileAccessSnapshot(checkedFiles.Others);
        var plan = ReplicationPlanner.Plan(wanted, checkedFiles.Has, targets, room => files(room) is not null, Chooser);
        if (plan.IsEmpty)
        {
            ResumeWrite(op);
            return;
        }
        if (!plan.CanComplete)
        {
            RefuseWrite(op, Summary(plan.Refusals));
            return;
        }
        Log.Info("{Command}: copying {Files} file(s) to the rooms that lack them first ({Copies})", op.Request.Request.Command, plan.Copies.Count,
            string.Join("; ", plan.Copies.Select(c => $"{c.Path} from {c.Sources[0]} to {string.Join(", ", c.Targets)}")));
        var tag = op.Tag;
        // RunCopiesAsync turns every exception into per-target failures: it does not fault.
        RunCopiesAsync(plan.Copies, files).PipeTo(Self, success: failures => new WriteFilesReplicated(tag, plan, failures));
    }

    private Task<IReadOnlyList<CopyFailure>> RunCopiesAsync(IReadOnlyList<FileCopy> copies, Func<string, IRoomFiles?> files) =>
        RunCopiesAsync(copies, files, Meter);

    private static async Task<IReadOnlyList<CopyFailure>> RunCopiesAsync(IReadOnlyList<FileCopy> copies, Func<string, IRoomFiles?> files,
        ITransferMeter? meter)
    {
        using var timeout = new CancellationTokenSource(ReplicationTimeout);
        try
        {
            return await FileTransfer.RunAsync(copies, files, timeout.Token, meter);
        }
        catch (Exception e)
        {
            return copies.SelectMany(c => c.Targets.Select(t => new CopyFailure(c.Path, t, e.Message))).ToList();
        }
    }

    private void OnWriteFilesReplicated(WriteFilesReplicated replicated)
    {
        NoteCopied(replicated.Plan.Copies, replicated.Failures);
        if (Current(replicated.Tag) is not { } op) return;
        // A room lost while its copy was under way is no longer a target: it is resynced (and copied to) when it returns.
        var failures = replicated.Failures.Where(f => _servers.TryGetValue(f.Target, out var s) && s.State == ServerState.InSync).ToList();
        if (failures.Count > 0)
        {
            RefuseWrite(op, Summary(failures.Select(f => f.ToString()).ToList()));
            return;
        }
        ResumeWrite(op);
    }

    /// <summary>The copies that worked are in their rooms' databases now; blocked resyncs of those rooms may go on.</summary>
    private void NoteCopied(IReadOnlyList<FileCopy> copies, IReadOnlyList<CopyFailure> failures)
    {
        foreach (var copy in copies)
        foreach (var target in copy.Targets)
        {
            if (failures.Any(f => f.Path == copy.Path && f.Target == target)) continue;
            NoteStored(target, [copy.Path]);
            RetryBlockedRepair(target, $"{copy.Path} was copied to it");
        }
    }

    /// <summary>An ACK is one line: the first few reasons, and how many more (the log and the library view have them all).</summary>
    private static string Summary(IReadOnlyList<string> reasons) =>
        reasons.Count <= 3 ? string.Join("; ", reasons) : string.Join("; ", reasons.Take(3)) + $"; and {reasons.Count - 3} more file(s)";

    /// <summary>The files are everywhere: the write goes back to the head of the queue and runs as any other.</summary>
    private void ResumeWrite(WriteOperation op)
    {
        _inFlight = null;
        _filesChecked.Add(op.Tag);
        _writes.AddFirst(op);
        StartNextWrite();
    }

    /// <summary>Nothing was sent to any room: the client gets an ACK naming the files and the rooms, and the queue moves on.</summary>
    private void RefuseWrite(WriteOperation op, string why)
    {
        _inFlight = null;
        var command = op.Request.Request.Command;
        Log.Warning("{Command} refused, no room changed: {Why}", command, why);
        op.ReplyTo.Tell(new Executed(op.Request.Id, _primary ?? "", MpdResponse.Fail(new MpdError(AckCode.NoExist, 0, command, why))));
        StartNextWrite();
    }

    // ---- a resync that cannot add a queue song ----

    /// <summary>
    /// Hook for a resync step the room refused. A song of the cluster's queue the room's MPD does not have (ACK 50) will
    /// not appear by retrying: find which songs it lacks, copy them if possible, else stop and say why. True when handled.
    /// </summary>
    private bool OnResyncMissingFile(ResyncOperation resync, Executed executed)
    {
        if (executed.Response.Error is not { Code: AckCode.NoExist } || resync.Cluster is not { } cluster
            || resync.Step != ResyncOperation.Phase.ApplyingSettings) return false;
        Timers.Cancel("resync");
        _resync = null;
        var wanted = cluster.Queue.Where(f => !LibraryPath.IsRemoteUri(f)).Distinct(StringComparer.Ordinal).ToList();
        var rooms = InSync.Select(s => s.Endpoint).Append(_servers[resync.Target].Endpoint).ToList();
        var room = resync.Target;
        var refusal = executed.Response.Error.ToString();
        var lines = wanted.Select(f => new MpdRequest("listall", [f]).ToLine()).ToList();
        ListAcrossHouseAsync(rooms, _house, OwnRooms(), (endpoint, ct) => FilesNamedAsync(endpoint, lines, ct))
            .PipeTo(Self, success: r => new ResyncFilesChecked(room, wanted, r.Has, refusal, r.Others),
                failure: _ => new ResyncFilesChecked(room, wanted, [], refusal, []));
        StartNextWrite();
        return true;
    }

    private void OnResyncFilesChecked(ResyncFilesChecked checkedFiles)
    {
        var room = checkedFiles.Room;
        if (!_servers.TryGetValue(room, out var entry) || entry.State != ServerState.Syncing) return;
        if (!checkedFiles.Has.TryGetValue(room, out var own))
        {
            Timers.StartSingleTimer("resync-retry-" + room, new RetryResync(room), CheckRetryDelay);
            return;
        }
        // Only this room is being repaired: the others' gaps are not its business.
        var lacking = checkedFiles.Wanted.Where(f => !own.Contains(f)).ToList();
        var files = FileAccessSnapshot(checkedFiles.Others);
        var (copies, refusals) = PlanInto(room, lacking,
            file => checkedFiles.Has.Where(r => r.Key != room && r.Value.Contains(file)).Select(r => r.Key).ToList(), files);
        if (lacking.Count == 0)
        {
            // Every song file is there, yet MPD refused one (a stream it cannot open, a song it could not read): that
            // does not pass by retrying every second either.
            BlockRepair(room, $"its MPD refused a song of the queue ({checkedFiles.Refusal}) though it has every song file");
            Timers.StartSingleTimer("resync-retry-" + room, new RetryResync(room), CopyRetryDelay);
            return;
        }
        if (refusals.Count > 0)
        {
            BlockRepair(room, string.Join("; ", refusals));
            return;
        }
        Log.Info("Resync of {Server}: copying {Count} missing song(s) first", room, copies.Count);
        RunCopiesAsync(copies, files).PipeTo(Self, success: failures => new ResyncFilesReplicated(room, failures));
    }

    private void OnResyncFilesReplicated(ResyncFilesReplicated replicated)
    {
        if (replicated.Failures.Count > 0)
        {
            // A copy can fail for a while (the source room restarting, a slow link): unlike a room without file access,
            // that may pass, so besides the usual triggers it is tried again after a while — not every second.
            BlockRepair(replicated.Room, string.Join("; ", replicated.Failures));
            Timers.StartSingleTimer("resync-retry-" + replicated.Room, new RetryResync(replicated.Room), CopyRetryDelay);
            return;
        }
        if (_servers.TryGetValue(replicated.Room, out var entry) && entry.State == ServerState.Syncing) EnqueueResync(replicated.Room);
    }

    /// <summary>Stops repairing the room until something changes (its database, a copy, a queue change, a manual resync); said once.</summary>
    private void BlockRepair(string room, string why)
    {
        if (_repairBlocked.TryGetValue(room, out var previous) && previous == why) return;
        _repairBlocked[room] = why;
        Log.Warning("Resync of {Server} stopped: {Why}; it is tried again when its library or the queue changes", room, why);
    }

    /// <summary>Something changed that may unblock the room's resync: try again.</summary>
    private void RetryBlockedRepair(string room, string what)
    {
        if (!_repairBlocked.ContainsKey(room)) return;
        if (!_servers.TryGetValue(room, out var entry) || entry.State != ServerState.Syncing)
        {
            _repairBlocked.Remove(room);
            return;
        }
        Log.Info("Resync of {Server} tried again: {What}", room, what);
        _repairBlocked.Remove(room);
        EnqueueResync(room);
    }

    /// <summary>Hook after a write: a queue change may drop the song a blocked room lacks.</summary>
    private void OnWriteFinishedForLibrary(WriteOperation op)
    {
        if ((op.Request.Info.Affects & Subsystems.Playlist) == 0 || !op.Answer.IsOk) return;
        foreach (var room in _repairBlocked.Keys.ToList()) RetryBlockedRepair(room, $"the queue changed ({op.Request.Request.Command})");
    }

    /// <summary>Hook on a room's idle events: its database changed, so its listing is stale and a blocked resync may go on.</summary>
    private void OnRoomEventsForLibrary(ServerEvents events)
    {
        if ((events.Changed & Subsystems.Database) == 0) return;
        ListLibrary(events.Server);
        RetryBlockedRepair(events.Server, "its database changed");
    }

    /// <summary>Hook on a room's state: connected, it is listed and gets the uploads it missed; gone, it is no longer blocked.</summary>
    private void OnRoomStateForLibrary(string room, ServerState state)
    {
        if (state == ServerState.Syncing)
        {
            ListLibrary(room);
            DeliverPending(room);
        }
        else if (state is ServerState.Down or ServerState.Connecting) _repairBlocked.Remove(room);
    }

    private string? RepairBlockedReason(string room) => _repairBlocked.GetValueOrDefault(room);

    /// <summary>The copies that bring <paramref name="files"/> into <paramref name="room"/>, each from its holders' best, and what cannot be.</summary>
    private (List<FileCopy> Copies, List<string> Refusals) PlanInto(string room, IEnumerable<string> files, Func<string, IReadOnlyList<string>> holdersOf,
        Func<string, IRoomFiles?> access)
    {
        var copies = new List<FileCopy>();
        var refusals = new List<string>();
        foreach (var file in files)
        {
            var holders = holdersOf(file);
            if (holders.Count == 0)
            {
                refusals.Add($"{file} is missing in {room} and no other room has it");
                continue;
            }
            var has = new Dictionary<string, IReadOnlySet<string>> { [room] = new HashSet<string>() };
            foreach (var holder in holders) has[holder] = new HashSet<string> { file };
            var plan = ReplicationPlanner.Plan([file], has, r => access(r) is not null, Chooser);
            copies.AddRange(plan.Copies);
            refusals.AddRange(plan.Refusals);
        }
        return (copies, refusals);
    }

    // ---- the registry: what each room's MPD has ----

    private void ListLibrary(string room)
    {
        if (!_servers.TryGetValue(room, out var entry)) return;
        if (!_listing.Add(room))
        {
            _relist.Add(room);
            return;
        }
        var endpoint = entry.Endpoint;
        var clock = Clock;
        ListAsync(endpoint, clock).PipeTo(Self, success: listed => listed);
    }

    private static async Task<LibraryListed> ListAsync(ServerEndpoint room, TimeProvider clock)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var response = (await MpdDatabase.QueryAsync(room.Host, room.Port, ["listallinfo"], timeout.Token))[0];
            return response.IsOk
                ? new LibraryListed(room.Name, LibrarySong.Parse(response.Pairs), null, clock.GetUtcNow())
                : new LibraryListed(room.Name, null, response.Error!.Message, clock.GetUtcNow());
        }
        catch (Exception e)
        {
            return new LibraryListed(room.Name, null, e.Message, clock.GetUtcNow());
        }
    }

    private void OnLibraryListed(LibraryListed listed)
    {
        _listing.Remove(listed.Room);
        if (!_servers.ContainsKey(listed.Room)) return;
        if (listed.Songs is { } songs)
        {
            _library.Update(listed.Room, songs, listed.At);
            _house?.Tell(new RoomLibraryListed(listed.Room, songs, listed.At));
        }
        else Log.Warning("Listing the library of {Server} failed: {Error}", listed.Room, listed.Error);
        if (_relist.Remove(listed.Room)) ListLibrary(listed.Room);
    }

    /// <summary>A room removed from the cluster leaves the registry: its listing, what waited for it, its blocked repair.</summary>
    private void ForgetRemovedRooms()
    {
        foreach (var gone in _library.Rooms.Where(r => !_servers.ContainsKey(r)).ToList()) _library.Remove(gone);
        foreach (var gone in _repairBlocked.Keys.Where(r => !_servers.ContainsKey(r)).ToList()) _repairBlocked.Remove(gone);
        foreach (var gone in _pendingUploads.Keys.Where(r => !_servers.ContainsKey(r)).ToList())
        {
            var uploads = _pendingUploads[gone];
            _pendingUploads.Remove(gone);
            foreach (var upload in uploads) DeleteStagedIfDelivered(upload);
        }
        foreach (var gone in _uploads.Snapshot(Clock.GetUtcNow()).SelectMany(u => u.Rooms).Select(r => r.Name).Distinct()
                     .Where(r => !_servers.ContainsKey(r)).ToList())
            _uploads.ForgetRoom(gone, Clock.GetUtcNow());
    }

    private LibraryStatus LibraryStatus()
    {
        ForgetRemovedRooms();
        return new LibraryStatus(_servers.Values.Select(s =>
        {
            var name = s.Endpoint.Name;
            var location = RoomFiles.For(s.Endpoint)?.Location;
            var pending = PendingOf(name).Select(u => u.Path).ToList();
            // In a house, what a room has and lacks is judged against every room by the house's own index, which fills
            // these in: a group says only what only it knows.
            if (_house is not null) return new RoomLibrary(name, null, [], [], null, location, pending, RepairBlockedReason(name));
            var listed = _library.IsListed(name);
            return new RoomLibrary(name, listed ? _library.Count(name) : null, _library.Missing(name), _library.Different(name),
                _library.LastCheck(name), location, pending, RepairBlockedReason(name));
        }).ToList());
    }

    // ---- bringing one room's library up to date ----

    /// <summary>Alone (no house): what the room lacks against this cluster's rooms.</summary>
    private void OnSyncRoomLibrary(SyncRoomLibrary sync)
    {
        if (!_servers.ContainsKey(sync.Name))
        {
            Sender.Tell(new LibrarySynced(sync.Name, false, [], [$"no room is named {sync.Name}"]));
            return;
        }
        if (!_library.IsListed(sync.Name))
        {
            Sender.Tell(new LibrarySynced(sync.Name, true, [], [$"the library of {sync.Name} has not been listed yet"]));
            return;
        }
        SyncRoom(sync.Name, _library.Missing(sync.Name), file => _library.Holders(file).Where(_servers.ContainsKey).ToList(), FileAccessSnapshot([]));
    }

    /// <summary>In a house: what the room lacks against every room of the house, as the house's index says.</summary>
    private void OnSyncRoomFromHouse(SyncRoomFromHouse sync)
    {
        if (!_servers.ContainsKey(sync.Name))
        {
            // Moved to another group between the house's look and now: a retry goes there.
            Sender.Tell(new LibrarySynced(sync.Name, true, [], [$"{sync.Name} moved to another group meanwhile: try again"]));
            return;
        }
        SyncRoom(sync.Name, sync.Missing, file => sync.Holders.GetValueOrDefault(file) ?? [], FileAccessSnapshot(sync.Rooms));
    }

    private void SyncRoom(string room, IReadOnlyList<string> missing, Func<string, IReadOnlyList<string>> holdersOf, Func<string, IRoomFiles?> files)
    {
        var replyTo = Sender;
        var (copies, refusals) = PlanInto(room, missing, holdersOf, files);
        if (copies.Count == 0)
        {
            replyTo.Tell(new LibrarySynced(room, true, [], refusals));
            return;
        }
        Log.Info("Bringing the library of {Server} up to date: {Count} file(s)", room, copies.Count);
        RunCopiesAsync(copies, files).PipeTo(Self, success: failures => new LibrarySyncDone(replyTo, room,
            copies.Select(c => c.Path).Where(p => failures.All(f => f.Path != p)).ToList(),
            [.. refusals, .. failures.Select(f => f.ToString())]));
    }

    private void OnLibrarySyncDone(LibrarySyncDone done)
    {
        NoteStored(done.Room, done.Copied);
        if (done.Copied.Count > 0) RetryBlockedRepair(done.Room, $"{done.Copied.Count} file(s) were copied to it");
        ListLibrary(done.Room);
        done.ReplyTo.Tell(new LibrarySynced(done.Room, true, done.Copied, done.Errors));
    }
}

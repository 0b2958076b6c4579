using System.Diagnostics;
using Akka.Actor;
using Akka.Event;
using Prosync.Actors.Library;
using Prosync.Actors.Servers;

namespace Prosync.Actors.Cluster;

/// <summary>
/// Uploads to every room of this group: the staged file is written to each room in parallel, each room's steps
/// (queued, copying N of M bytes, updating its database, done, failed, waiting for the room) kept in an
/// <see cref="UploadTracker"/> for <see cref="GetUploads"/>; a room that was down gets the file when it comes back.
/// With a <see cref="PendingUploadStore"/> (the proxy's state directory) what a room waits for outlives a restart of the
/// proxy: the staged file moves there, and the store, not the group, deletes it once every room that waited has it.
/// </summary>
public sealed partial class ClusterActor
{
    /// <summary>Uploads a room has not received yet, per room.</summary>
    private readonly Dictionary<string, List<UploadFile>> _pendingUploads = [];
    /// <summary>Pending uploads on their way to a room now (a room that flaps must not get two deliveries at once).</summary>
    private readonly HashSet<(string Room, UploadFile Upload)> _delivering = [];
    private readonly UploadTracker _uploads = new();


    private const string NoFileAccess = "no file access";
    private const string RoomIsDown = "the room is down: it gets the file when it comes back";

    /// <summary>How often a room's copy reports its bytes (the dashboard polls about as often).</summary>
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(200);

    private void OnUploadFile(UploadFile upload)
    {
        ForgetRemovedRooms();
        var replyTo = Sender;
        var rooms = _servers.Values.Select(s => (s.Endpoint.Name, Files: RoomFiles.For(s.Endpoint),
            Down: s.State is ServerState.Down or ServerState.Connecting)).ToList();
        Log.Info("Upload of {Path} ({Bytes} bytes) to {Rooms}", upload.Path, upload.Bytes, string.Join(", ", rooms.Select(r => r.Name)));
        _uploads.Start(upload.Id, upload.Path, upload.Bytes, upload.Sha256, Clock.GetUtcNow(), rooms.Select(r =>
            r.Files is null ? new RoomUploadProgress(r.Name, RoomUploadState.Failed, 0, NoFileAccess, null)
            : r.Down ? new RoomUploadProgress(r.Name, RoomUploadState.WaitingForRoom, 0, RoomIsDown, null)
            : new RoomUploadProgress(r.Name, RoomUploadState.Queued, 0, null, null)));
        var self = Self;
        var store = _options.PendingUploads;
        UploadAndKeepAsync(upload, rooms, Meter, (room, state, bytes) => self.Tell(new UploadStepped(upload.Id, room, state, bytes)), store)
            .PipeTo(Self, success: r => new UploadDelivered(replyTo, upload, r.Results, r.Kept, r.Error));
    }

    /// <summary>
    /// The upload to every room; then, for rooms that wait for it, its staged file goes to the store (when there is one)
    /// before the group lets go of it.
    /// </summary>
    private static async Task<(IReadOnlyList<RoomUploadResult> Results, UploadFile Kept, string? Error)> UploadAndKeepAsync(UploadFile upload,
        IReadOnlyList<(string Name, IRoomFiles? Files, bool Down)> rooms, ITransferMeter? meter, Action<string, RoomUploadState, long> step,
        PendingUploadStore? store)
    {
        var results = await UploadToAllAsync(upload, rooms, meter, step);
        var waiting = results.Where(r => r.Pending).Select(r => r.Name).ToList();
        if (store is null || waiting.Count == 0) return (results, upload, null);
        var (kept, error) = await store.KeepAsync(upload, waiting);
        return (results, kept, error);
    }

    private static async Task<IReadOnlyList<RoomUploadResult>> UploadToAllAsync(UploadFile upload,
        IReadOnlyList<(string Name, IRoomFiles? Files, bool Down)> rooms, ITransferMeter? meter, Action<string, RoomUploadState, long> step)
    {
        var results = await Task.WhenAll(rooms.Select(async room =>
        {
            if (room.Files is null) return new RoomUploadResult(room.Name, false, NoFileAccess, 0, false);
            if (room.Down) return new RoomUploadResult(room.Name, false, RoomIsDown, 0, true);
            var error = await StoreAsync(room.Name, room.Files, upload, meter, (state, bytes) => step(room.Name, state, bytes));
            return error.Error is null
                ? new RoomUploadResult(room.Name, true, null, error.Ms, false)
                : new RoomUploadResult(room.Name, false, error.Error, error.Ms, error.Retry);
        }));
        return results;
    }

    /// <summary>
    /// Stores the staged file in one room and waits for its database. A failure other than a bad checksum is retried when
    /// the room returns. The room is marked busy meanwhile (the prober leaves it alone); an upload is no sample of its
    /// throughput: it is sent to the room, the chooser ranks rooms as sources to read from. Its steps are told to
    /// <paramref name="step"/> (the bytes written at most every <see cref="ProgressInterval"/>).
    /// </summary>
    private static async Task<(string? Error, long Ms, bool Retry)> StoreAsync(string room, IRoomFiles files, UploadFile upload, ITransferMeter? meter,
        Action<RoomUploadState, long> step)
    {
        using var busy = meter?.BeginTransfer(room);
        var clock = Stopwatch.StartNew();
        var reported = TimeSpan.Zero;
        using var timeout = new CancellationTokenSource(ReplicationTimeout);
        try
        {
            step(RoomUploadState.Copying, 0);
            var file = new FileStream(upload.StagedFile, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
            await using (var content = new MeteredStream(file, bytes =>
                         {
                             if (clock.Elapsed - reported < ProgressInterval) return;
                             reported = clock.Elapsed;
                             step(RoomUploadState.Copying, bytes);
                         }))
                await files.WriteAsync(upload.Path, content, upload.Sha256, timeout.Token);
            step(RoomUploadState.UpdatingDatabase, upload.Bytes);
            await files.UpdateDatabaseAsync(upload.Path, timeout.Token);
            return (null, clock.ElapsedMilliseconds, false);
        }
        catch (InvalidDataException e)
        {
            return (e.Message, clock.ElapsedMilliseconds, false);
        }
        catch (Exception e)
        {
            return (e.Message, clock.ElapsedMilliseconds, true);
        }
    }

    private void OnUploadDelivered(UploadDelivered delivered)
    {
        var upload = delivered.Upload;
        var kept = delivered.Kept;
        if (delivered.KeepError is { } keepError)
            Log.Error("Upload of {Path}: the rooms that wait for it get it only if the proxy runs until they are back: {Error}", upload.Path, keepError);
        var backAlready = new List<string>();
        var superseded = new List<UploadFile>();
        foreach (var room in delivered.Rooms)
        {
            if (room.Ok)
            {
                NoteStored(room.Name, [upload.Path]);
                RetryBlockedRepair(room.Name, $"{upload.Path} was uploaded");
            }
            _uploads.Step(upload.Id, room.Name, room.Ok ? RoomUploadState.Done : room.Pending ? RoomUploadState.WaitingForRoom : RoomUploadState.Failed,
                0, room.Ok ? null : room.Error, Clock.GetUtcNow());
            if (room.Pending && _servers.ContainsKey(room.Name))
            {
                var pending = _pendingUploads.TryGetValue(room.Name, out var list) ? list : _pendingUploads[room.Name] = [];
                // A newer upload of the path replaces an older one the room still waits for (the store forgets it too).
                superseded.AddRange(pending.Where(u => u.Path == upload.Path && u != kept));
                pending.RemoveAll(u => u.Path == upload.Path && u != kept);
                if (!pending.Contains(kept)) pending.Add(kept);
                // It came back while the others were copying: its return found nothing to deliver yet.
                if (room.Error == RoomIsDown && _servers[room.Name].State is ServerState.Syncing or ServerState.InSync) backAlready.Add(room.Name);
            }
            Log.Info("Upload of {Path} to {Server}: {Outcome}", upload.Path, room.Name, room.Ok ? $"done in {room.Ms} ms" : room.Error);
        }
        foreach (var old in superseded.Append(kept).Distinct()) DeleteStagedIfDelivered(old);
        delivered.ReplyTo.Tell(new UploadCompleted(upload.Path, upload.Bytes, upload.Sha256, delivered.Rooms));
        foreach (var room in backAlready) DeliverPending(room);
    }

    private void DeliverPending(string room)
    {
        var pending = PendingOf(room);
        if (pending.Count == 0 || FilesOf(room) is not { } files) return;
        foreach (var upload in pending.ToList())
        {
            if (!_delivering.Add((room, upload))) continue;
            Log.Info("Delivering the upload of {Path} to {Server}, back again", upload.Path, room);
            var self = Self;
            StoreAsync(room, files, upload, Meter, (state, bytes) => self.Tell(new UploadStepped(upload.Id, room, state, bytes))).PipeTo(Self, success: r => new PendingUploadDelivered(room, upload, r.Error));
        }
    }

    private void OnPendingUploadDelivered(PendingUploadDelivered delivered)
    {
        _delivering.Remove((delivered.Room, delivered.Upload));
        if (delivered.Error is { } error)
        {
            Log.Warning("Upload of {Path} to {Server} failed again ({Error}); tried again when it reconnects", delivered.Upload.Path, delivered.Room, error);
            _uploads.Step(delivered.Upload.Id, delivered.Room, RoomUploadState.WaitingForRoom, 0, $"{error}; tried again when it reconnects",
                Clock.GetUtcNow());
            return;
        }
        if (_pendingUploads.TryGetValue(delivered.Room, out var pending))
        {
            pending.Remove(delivered.Upload);
            if (pending.Count == 0) _pendingUploads.Remove(delivered.Room);
        }
        if (_options.PendingUploads is { } store && store.Holds(delivered.Upload))
            store.DeliveredAsync(delivered.Room, delivered.Upload).PipeTo(Self, success: error => new PendingUploadsWritten(error));
        Log.Info("Upload of {Path} delivered to {Server}", delivered.Upload.Path, delivered.Room);
        _uploads.Step(delivered.Upload.Id, delivered.Room, RoomUploadState.Done, 0, null, Clock.GetUtcNow());
        NoteStored(delivered.Room, [delivered.Upload.Path]);
        RetryBlockedRepair(delivered.Room, $"{delivered.Upload.Path} was delivered");
        DeleteStagedIfDelivered(delivered.Upload);
    }

    /// <summary>
    /// What <paramref name="room"/> waits for: this group's list, with what the store kept for it (from before the proxy's
    /// restart, or from the group it was in before) taken in, and shown among the uploads.
    /// </summary>
    private List<UploadFile> PendingOf(string room)
    {
        var pending = _pendingUploads.GetValueOrDefault(room) ?? [];
        if (_options.PendingUploads is not { } store || !_servers.ContainsKey(room)) return pending;
        foreach (var kept in store.For(room).Where(k => !pending.Contains(k) && !_delivering.Contains((room, k))))
        {
            pending.Add(kept);
            _uploads.Restore(kept.Id, kept.Path, kept.Bytes, kept.Sha256, room, RoomIsDown, Clock.GetUtcNow());
        }
        if (pending.Count > 0) _pendingUploads[room] = pending;
        return pending;
    }

    /// <summary>The uploads' progress, with what the store kept for this group's rooms.</summary>
    private IReadOnlyList<UploadProgress> UploadsSnapshot()
    {
        foreach (var room in _servers.Keys) PendingOf(room);
        return _uploads.Snapshot(Clock.GetUtcNow());
    }

    /// <summary>The staged copy is kept while a room still waits for it; one the store holds is the store's to delete.</summary>
    private void DeleteStagedIfDelivered(UploadFile upload)
    {
        if (_pendingUploads.Values.Any(list => list.Contains(upload)) || _options.PendingUploads?.Holds(upload) == true) return;
        try
        {
            File.Delete(upload.StagedFile);
        }
        catch (IOException e)
        {
            Log.Warning("Could not delete the staged upload {File}: {Error}", upload.StagedFile, e.Message);
        }
    }
}

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
        UploadToAllAsync(upload, rooms, Meter, (room, state, bytes) => self.Tell(new UploadStepped(upload.Id, room, state, bytes)))
            .PipeTo(Self, success: results => new UploadDelivered(replyTo, upload, results));
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
                pending.RemoveAll(u => u.Path == upload.Path);
                pending.Add(upload);
            }
            Log.Info("Upload of {Path} to {Server}: {Outcome}", upload.Path, room.Name, room.Ok ? $"done in {room.Ms} ms" : room.Error);
        }
        DeleteStagedIfDelivered(upload);
        delivered.ReplyTo.Tell(new UploadCompleted(upload.Path, upload.Bytes, upload.Sha256, delivered.Rooms));
    }

    private void DeliverPending(string room)
    {
        if (!_pendingUploads.TryGetValue(room, out var pending) || pending.Count == 0 || FilesOf(room) is not { } files) return;
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
        Log.Info("Upload of {Path} delivered to {Server}", delivered.Upload.Path, delivered.Room);
        _uploads.Step(delivered.Upload.Id, delivered.Room, RoomUploadState.Done, 0, null, Clock.GetUtcNow());
        NoteStored(delivered.Room, [delivered.Upload.Path]);
        RetryBlockedRepair(delivered.Room, $"{delivered.Upload.Path} was delivered");
        DeleteStagedIfDelivered(delivered.Upload);
    }

    /// <summary>The staged copy is kept while a room still waits for it.</summary>
    private void DeleteStagedIfDelivered(UploadFile upload)
    {
        if (_pendingUploads.Values.Any(list => list.Contains(upload))) return;
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

namespace Prosync.Actors.Library;

/// <summary>
/// Pure: each upload's per-room state, as the copies report their steps. Owned by one actor (not thread-safe). An upload
/// stays listed while any room copies or waits for it, and for <see cref="KeepFinished"/> after its last room finished,
/// so a client that polls sees how it ended.
/// </summary>
public sealed class UploadTracker
{
    /// <summary>How long a finished upload stays listed.</summary>
    public static readonly TimeSpan KeepFinished = TimeSpan.FromMinutes(1);

    private readonly Dictionary<Guid, UploadProgress> _uploads = [];

    /// <summary>An upload begins; its rooms in their first state (queued, waiting for a room that is down, failed for one without file access).</summary>
    public void Start(Guid id, string path, long bytes, string sha256, DateTimeOffset at, IEnumerable<RoomUploadProgress> rooms)
    {
        var upload = new UploadProgress(id, path, bytes, sha256, at, null, [.. rooms]);
        _uploads[id] = Finish(upload, at);
    }

    /// <summary>
    /// A room's next step. A room that is done stays done (a late progress report changes nothing); a failed or waiting
    /// room can start again (a pending delivery to a room that came back).
    /// </summary>
    public void Step(Guid id, string room, RoomUploadState state, long bytesCopied, string? error, DateTimeOffset at)
    {
        if (!_uploads.TryGetValue(id, out var upload)) return;
        var rooms = upload.Rooms.Select(r => r.Name != room || r.State == RoomUploadState.Done ? r : r with
        {
            State = state,
            BytesCopied = state is RoomUploadState.UpdatingDatabase or RoomUploadState.Done ? upload.Bytes : bytesCopied,
            Error = error,
            Sha256 = state == RoomUploadState.Done ? upload.Sha256 : null,
        }).ToList();
        _uploads[id] = Finish(upload with { Rooms = rooms }, at);
    }

    /// <summary>
    /// A room waits for an upload the proxy kept from before its restart (or a room that joined this group with one):
    /// listed as waiting, unless this upload already lists the room.
    /// </summary>
    public void Restore(Guid id, string path, long bytes, string sha256, string room, string why, DateTimeOffset at)
    {
        var waiting = new RoomUploadProgress(room, RoomUploadState.WaitingForRoom, 0, why, null);
        if (!_uploads.TryGetValue(id, out var upload)) _uploads[id] = new UploadProgress(id, path, bytes, sha256, at, null, [waiting]);
        else if (upload.Rooms.All(r => r.Name != room)) _uploads[id] = upload with { Rooms = [.. upload.Rooms, waiting], FinishedAt = null };
    }

    /// <summary>A room that left the cluster is no longer part of any upload.</summary>
    public void ForgetRoom(string room, DateTimeOffset at)
    {
        foreach (var upload in _uploads.Values.Where(u => u.Rooms.Any(r => r.Name == room)).ToList())
            _uploads[upload.Id] = Finish(upload with { Rooms = [.. upload.Rooms.Where(r => r.Name != room)] }, at);
    }

    /// <summary>The uploads in flight and those finished within <see cref="KeepFinished"/> of <paramref name="now"/>, oldest first.</summary>
    public IReadOnlyList<UploadProgress> Snapshot(DateTimeOffset now)
    {
        foreach (var gone in _uploads.Values.Where(u => u.FinishedAt is { } f && now - f > KeepFinished).Select(u => u.Id).ToList())
            _uploads.Remove(gone);
        return [.. _uploads.Values.OrderBy(u => u.StartedAt)];
    }

    private static UploadProgress Finish(UploadProgress upload, DateTimeOffset at) =>
        upload.Rooms.All(r => r.IsFinal) ? upload with { FinishedAt = upload.FinishedAt ?? at } : upload with { FinishedAt = null };
}

using Prosync.Actors.Library;

namespace Prosync.Host.Library;

/// <summary>An upload in flight (or just finished) in <c>GET /api/library/uploads</c>: each room's state.</summary>
public sealed record UploadProgressView(Guid Id, string Path, long Bytes, string Sha256, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt,
    IReadOnlyList<RoomUploadProgressView> Rooms)
{
    public static UploadProgressView From(UploadProgress upload)
    {
        ArgumentNullException.ThrowIfNull(upload);
        return new(upload.Id, upload.Path, upload.Bytes, upload.Sha256, upload.StartedAt, upload.FinishedAt,
            [.. upload.Rooms.Select(r => new RoomUploadProgressView(r.Name, RoomUploadProgressView.StateName(r.State), r.BytesCopied, r.Error, r.Sha256))]);
    }
}

using Prosync.Actors.Library;

namespace Prosync.Host.Library;

/// <summary>
/// One room's part of an upload: <c>state</c> is <c>queued</c>, <c>copying</c> (<c>bytesCopied</c> of the upload's
/// <c>bytes</c>), <c>updating-database</c>, <c>done</c> (<c>sha256</c> verified), <c>failed</c> (<c>error</c>) or
/// <c>waiting-for-room</c> (down: it gets the file when it comes back; <c>error</c> says why).
/// </summary>
public sealed record RoomUploadProgressView(string Name, string State, long BytesCopied, string? Error, string? Sha256)
{
    public static string StateName(RoomUploadState state) => state switch
    {
        RoomUploadState.Queued => "queued",
        RoomUploadState.Copying => "copying",
        RoomUploadState.UpdatingDatabase => "updating-database",
        RoomUploadState.Done => "done",
        RoomUploadState.Failed => "failed",
        RoomUploadState.WaitingForRoom => "waiting-for-room",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };
}

namespace Prosync.Actors.Library;

/// <summary>Where one room is in an upload.</summary>
public enum RoomUploadState
{
    /// <summary>Not started yet.</summary>
    Queued,

    /// <summary>The file is being written to the room (<see cref="RoomUploadProgress.BytesCopied"/> of the upload's bytes).</summary>
    Copying,

    /// <summary>The file is in place (checksum verified); the room's MPD is updating its database.</summary>
    UpdatingDatabase,

    /// <summary>The room's database has it.</summary>
    Done,

    /// <summary>It will not get it (no file access, a bad checksum, …): <see cref="RoomUploadProgress.Error"/> says why.</summary>
    Failed,

    /// <summary>The room is down, or the delivery failed: it gets the file when it comes back.</summary>
    WaitingForRoom,
}

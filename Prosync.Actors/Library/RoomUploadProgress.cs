namespace Prosync.Actors.Library;

/// <summary>One room's part of an upload in flight.</summary>
/// <param name="BytesCopied">Bytes written to the room so far (all of them once the file is in place).</param>
/// <param name="Error">Why it failed, or why it waits.</param>
/// <param name="Sha256">The checksum the room's copy was verified against, once it is done.</param>
public sealed record RoomUploadProgress(string Name, RoomUploadState State, long BytesCopied, string? Error, string? Sha256)
{
    /// <summary>Nothing more happens to it in this upload.</summary>
    public bool IsFinal => State is RoomUploadState.Done or RoomUploadState.Failed;
}

namespace Prosync.Host.Library;

/// <summary>The answer to an upload: the file as received, and how each room fared (<paramref name="Complete"/>: every room has it).</summary>
public sealed record UploadView(string Path, long Bytes, string Sha256, bool Complete, IReadOnlyList<RoomUploadView> Rooms);

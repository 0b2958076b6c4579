namespace Prosync.Actors.Library;

/// <summary>A music file in a room's music directory: its size and SHA-256 (lowercase hex).</summary>
public sealed record RoomFileInfo(string Path, long Bytes, string Sha256);

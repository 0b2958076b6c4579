namespace Prosync.Host.Library;

/// <summary>One room's part of an upload; <paramref name="Pending"/>: it was down and gets the file when it comes back.</summary>
public sealed record RoomUploadView(string Name, bool Ok, string? Error, long Ms, bool Pending);

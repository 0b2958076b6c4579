using Akka.Actor;
using Prosync.Actors.Library;
using Prosync.Actors.Proxy;

namespace Prosync.Actors.Cluster;

/// <summary>Messages of the cluster's library part (<see cref="ClusterActor"/>, ClusterActor.Library.cs), routed there as one group.</summary>
public interface ILibraryMessage;

/// <summary>Ask for a <see cref="LibraryStatus"/>.</summary>
public sealed record GetLibrary : ILibraryMessage
{
    public static readonly GetLibrary Instance = new();
}

/// <summary>Every room's library as the registry knows it.</summary>
public sealed record LibraryStatus(IReadOnlyList<RoomLibrary> Rooms);

/// <summary>One room's library.</summary>
/// <param name="Files">Songs in its MPD's database at the last check (null before the first).</param>
/// <param name="Missing">Songs other rooms have and it lacks.</param>
/// <param name="Different">Songs it has under the same path as another room, with another duration (not the same recording).</param>
/// <param name="FileAccess">Where its music directory is reached (a directory or an agent URL), null when it has no file access.</param>
/// <param name="PendingUploads">Uploaded files it has not received yet (it was down).</param>
/// <param name="RepairBlockedReason">Why its resync is stopped, until something changes.</param>
public sealed record RoomLibrary(string Name, int? Files, IReadOnlyList<string> Missing, IReadOnlyList<string> Different,
    DateTimeOffset? LastCheck, string? FileAccess, IReadOnlyList<string> PendingUploads, string? RepairBlockedReason);

/// <summary>
/// Store an uploaded file in every room; <paramref name="StagedFile"/> is where the proxy received it (the cluster owns it
/// from now on and deletes it once every room has it). Answered with <see cref="UploadCompleted"/> once every room's
/// database has it or failed.
/// </summary>
public sealed record UploadFile(string Path, string StagedFile, long Bytes, string Sha256) : ILibraryMessage
{
    /// <summary>The upload's own id, for its progress (<see cref="GetUploads"/>); kept by the copies each group gets.</summary>
    public Guid Id { get; init; } = Guid.NewGuid();
}

/// <summary>Ask for the uploads in flight and those just finished, with each room's state (<see cref="UploadsInFlight"/>).</summary>
public sealed record GetUploads : ILibraryMessage
{
    public static readonly GetUploads Instance = new();
}

public sealed record UploadsInFlight(IReadOnlyList<UploadProgress> Uploads);

/// <summary>One room's outcome of an upload. <paramref name="Pending"/>: the room was down and gets the file when it comes back.</summary>
public sealed record RoomUploadResult(string Name, bool Ok, string? Error, long Ms, bool Pending);

public sealed record UploadCompleted(string Path, long Bytes, string Sha256, IReadOnlyList<RoomUploadResult> Rooms);

/// <summary>Copy every song a room lacks from the best room that has it; answered with <see cref="LibrarySynced"/> when done.</summary>
public sealed record SyncRoomLibrary(string Name) : ILibraryMessage;

public sealed record LibrarySynced(string Name, bool Found, IReadOnlyList<string> Copied, IReadOnlyList<string> Errors);

/// <summary>
/// Which rooms — this group's in sync, and the house's other groups' (<paramref name="Others"/>, sources only) — have the
/// files a state change takes (room → files); empty when the check failed.
/// </summary>
internal sealed record WriteFilesChecked(long Tag, Dictionary<string, IReadOnlySet<string>> Has, IReadOnlyList<ServerEndpoint> Others) : ILibraryMessage;

internal sealed record WriteFilesReplicated(long Tag, ReplicationPlan Plan, IReadOnlyList<CopyFailure> Failures) : ILibraryMessage;

/// <summary>For a room whose resync could not add a queue song: which rooms have which of the cluster's queue songs.</summary>
/// <param name="Refusal">The ACK the room's MPD answered the replay with.</param>
/// <param name="Others">The rooms of the house's other groups that were asked too (sources only).</param>
internal sealed record ResyncFilesChecked(string Room, IReadOnlyList<string> Wanted, Dictionary<string, IReadOnlySet<string>> Has,
    string Refusal, IReadOnlyList<ServerEndpoint> Others) : ILibraryMessage;

internal sealed record ResyncFilesReplicated(string Room, IReadOnlyList<CopyFailure> Failures) : ILibraryMessage;

/// <summary>A room's <c>listallinfo</c>, parsed (null when it failed).</summary>
internal sealed record LibraryListed(string Room, IReadOnlyList<LibrarySong>? Songs, string? Error, DateTimeOffset At) : ILibraryMessage;

/// <param name="Kept">The upload as the rooms that wait for it get it (its staged file kept in the pending-upload store, when there is one).</param>
/// <param name="KeepError">Why it could not be kept there (the rooms then wait for it in memory only).</param>
internal sealed record UploadDelivered(IActorRef ReplyTo, UploadFile Upload, IReadOnlyList<RoomUploadResult> Rooms, UploadFile Kept, string? KeepError)
    : ILibraryMessage;

/// <summary>The pending-upload store wrote its list; a failure is said in the log (the rooms still get the file while the proxy runs).</summary>
internal sealed record PendingUploadsWritten(string? Error) : ILibraryMessage;

internal sealed record PendingUploadDelivered(string Room, UploadFile Upload, string? Error) : ILibraryMessage;

internal sealed record LibrarySyncDone(IActorRef ReplyTo, string Room, IReadOnlyList<string> Copied, IReadOnlyList<string> Errors)
    : ILibraryMessage;

/// <summary>
/// The house's <see cref="SyncRoomLibrary"/>: what the room lacks against every room of the house, who holds each file,
/// and every room (the sources' file access). Answered with <see cref="LibrarySynced"/>.
/// </summary>
internal sealed record SyncRoomFromHouse(string Name, IReadOnlyList<string> Missing, IReadOnlyDictionary<string, IReadOnlyList<string>> Holders,
    IReadOnlyList<ServerEndpoint> Rooms) : ILibraryMessage;

/// <summary>A room's copy of an upload took a step (bytes written so far while <see cref="RoomUploadState.Copying"/>).</summary>
internal sealed record UploadStepped(Guid Id, string Room, RoomUploadState State, long BytesCopied) : ILibraryMessage;

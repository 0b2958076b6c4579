using Akka.Actor;
using Prosync.Actors.Cluster;
using Prosync.Actors.Library;
using Prosync.Actors.Proxy;

namespace Prosync.Actors.Rooms;

/// <summary>Messages of the house's library part (HouseActor.Library.cs), routed there as one group.</summary>
internal interface IHouseLibraryMessage;

/// <summary>A group listed one of its rooms (<c>listallinfo</c>): the house's index takes it.</summary>
internal sealed record RoomLibraryListed(string Room, IReadOnlyList<LibrarySong> Songs, DateTimeOffset At) : IHouseLibraryMessage;

/// <summary>A group stored files in one of its rooms (copied or uploaded; its MPD's database has them).</summary>
internal sealed record RoomSongsAdded(string Room, IReadOnlyList<string> Paths) : IHouseLibraryMessage;

/// <summary>Ask for every room of the house (<see cref="HouseRooms"/>): a group's copies take their sources among them.</summary>
internal sealed record GetHouseRooms : IHouseLibraryMessage
{
    public static readonly GetHouseRooms Instance = new();
}

/// <summary>Every room of the house, whatever its group.</summary>
internal sealed record HouseRooms(IReadOnlyList<ServerEndpoint> Rooms);

/// <summary>Every group's part of <see cref="GetLibrary"/>, for the house to put together with its index.</summary>
internal sealed record LibraryGathered(IActorRef ReplyTo, IReadOnlyList<LibraryStatus> Groups) : IHouseLibraryMessage;

namespace Prosync.Actors.Rooms;

/// <summary>What a change to the <see cref="HouseLayout"/> came to.</summary>
public enum LayoutOutcome
{
    Done,
    /// <summary>Nothing to do: the layout already says so.</summary>
    Unchanged,
    NoSuchRoom,
    NoSuchGroup,
    GroupExists,
    BadGroupName,
    /// <summary>A group with rooms cannot be deleted (MPD: "partition still has outputs").</summary>
    GroupHasRooms,
    /// <summary>The default group cannot be deleted.</summary>
    DefaultGroup,
    BadTrim,
    /// <summary>A group a client session is in cannot be deleted (MPD: "partition still has clients").</summary>
    GroupHasClients,
}

namespace Prosync.Actors.Rooms;

/// <summary>Where a room is and how it plays: its output id, its group, whether it plays, and its volume trim.</summary>
/// <param name="OutputId">The room's id as an MPD output: assigned once, kept across restarts.</param>
/// <param name="Enabled">False: the room is out of its group's playback (silent, queue kept in step).</param>
/// <param name="Trim">Factor on the group's volume, 0 (muted) to 1.</param>
public sealed record RoomPlacement(int OutputId, string Group, bool Enabled, double Trim);

namespace Prosync.Actors.Continuity;

/// <summary>What the planner knows about one room at the planning instant.</summary>
/// <param name="Name">The room, as named in <see cref="Correction.Room"/>.</param>
/// <param name="IsValid">The room's <see cref="PositionEstimate.IsValid"/>; invalid rooms are neither target nor corrected.</param>
/// <param name="OffsetMs">The room's offset projected to the planning instant (<see cref="PositionEstimate.OffsetAt"/>), so all rooms compare at one time.</param>
/// <param name="UncertaintyMs">The estimate's <see cref="PositionEstimate.UncertaintyMs"/>.</param>
/// <param name="RatePpm">The room's <see cref="ClockRate.Ppm"/> when <see cref="ClockRate.IsKnown"/>, else null.</param>
/// <param name="LastCorrectionAtMs">When the room was last corrected (proxy clock), or null.</param>
/// <param name="IsPrimary">The room clients talk to; it does not matter to the plan (kept so a log can show it).</param>
/// <param name="IsJoining">The room was just brought into the group (a rejoin, a resync, a move from another group): it is
/// moved to the others, never the others to it.</param>
public sealed record RoomPosition(
    string Name,
    bool IsValid,
    double OffsetMs,
    double UncertaintyMs,
    double? RatePpm = null,
    double? LastCorrectionAtMs = null,
    bool IsPrimary = false,
    bool IsJoining = false);

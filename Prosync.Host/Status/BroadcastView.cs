namespace Prosync.Host.Status;

/// <summary>A timed broadcast (play, pause, seek, setvol…) and how closely the rooms followed it.</summary>
/// <param name="PlannedSpreadMs">Spread of the rooms' estimated delays: how far apart the copies were sent.</param>
/// <param name="FiringSpreadMs">Spread of the send lateness: how precisely the copies left.</param>
/// <param name="HeldMs">Time the send was held while a path was in a delay burst.</param>
/// <param name="SkewMs">Estimated spread of the instants the rooms took effect; null until every room reported.</param>
public sealed record BroadcastView(
    DateTimeOffset At,
    string Command,
    IReadOnlyList<string> Servers,
    double PlannedSpreadMs,
    double FiringSpreadMs,
    double HeldMs,
    double? SkewMs);

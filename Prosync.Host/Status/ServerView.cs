namespace Prosync.Host.Status;

/// <summary>One room as the dashboard and <c>GET /api/servers</c> show it (JSON: camelCase, null for "not measured yet").</summary>
/// <param name="State"><c>InSync</c>, <c>Syncing</c> or <c>Down</c>: see <see cref="RoomStates"/>.</param>
/// <param name="EngineState">The server actor's own state, including <c>Connecting</c>.</param>
/// <param name="RttMs">Estimated round trip of the probe connection.</param>
/// <param name="OneWayMs">The network part of the one-way delay (RTT / 2).</param>
/// <param name="DelayMs">What the send planner uses: <paramref name="OneWayMs"/> + <paramref name="OffsetMs"/>.</param>
/// <param name="LastRttMs">The most recent probe's round trip.</param>
/// <param name="OffsetMs">The room's configured audio output latency.</param>
/// <param name="PositionErrorMs">How far ahead (+) or behind (−) of the primary the room is heard, from its measured position.</param>
/// <param name="ClockRatePpm">The room's clock against the proxy's (parts per million, + runs fast).</param>
/// <param name="Corrections">Continuity corrections made to this room since the proxy started.</param>
public sealed record ServerView(
    string Name,
    string Address,
    string State,
    string EngineState,
    DateTimeOffset StateSince,
    bool Primary,
    double? RttMs,
    double? OneWayMs,
    double? JitterMs,
    double? DelayMs,
    double? LastRttMs,
    double OffsetMs,
    int Samples,
    int OutliersRejected,
    double? PositionErrorMs,
    double? PositionUncertaintyMs,
    double? ClockRatePpm,
    double? ClockRateUncertaintyPpm,
    int Corrections,
    DateTimeOffset? LastCorrectionAt,
    string? LastCorrection)
{
    /// <summary>The group (MPD partition) the room plays in.</summary>
    public string Group { get; init; } = "default";

    /// <summary>False: out of its group's playback (silent; MPD clients see the output disabled).</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Factor on the group's volume, 0 (muted) to 1.</summary>
    public double Trim { get; init; } = 1;

    /// <summary>The room's id as an MPD output.</summary>
    public int OutputId { get; init; }

    /// <summary>False when the room's MPD has no mixer (volume commands skip it); null until known.</summary>
    public bool? HasMixer { get; init; }

    /// <summary>Why the room's resync is stopped until something changes (a song it lacks that cannot be copied); null otherwise.</summary>
    public string? RepairBlockedReason { get; init; }
}

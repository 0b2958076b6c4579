using System.Globalization;
using Prosync.Host.Status;

namespace Prosync.Host.LatencyLog;

/// <summary>
/// The latency log's rows: tab-separated, invariant culture, milliseconds with three decimals, an empty cell
/// for a figure not measured yet. Columns: timestamp (UTC, ISO 8601), server, state, rttMs, oneWayMs, jitterMs,
/// outliers (rejected so far), offsetMs, positionErrorMs (heard ahead of the primary), clockPpm (the room's clock
/// rate), corrections (made so far).
/// </summary>
public static class LatencyLogFormat
{
    public const string Header = "timestamp\tserver\tstate\trttMs\toneWayMs\tjitterMs\toutliers\toffsetMs\tpositionErrorMs\tclockPpm\tcorrections";

    public static string Row(DateTimeOffset at, ServerView server) => string.Join('\t',
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        server.Name,
        server.State,
        Ms(server.RttMs),
        Ms(server.OneWayMs),
        Ms(server.JitterMs),
        server.OutliersRejected.ToString(CultureInfo.InvariantCulture),
        Ms(server.OffsetMs),
        Ms(server.PositionErrorMs),
        Ms(server.ClockRatePpm),
        server.Corrections.ToString(CultureInfo.InvariantCulture));

    private static string Ms(double? value) => value?.ToString("0.000", CultureInfo.InvariantCulture) ?? "";
}

using System.Globalization;

namespace Prosync.Actors.Protocol;

/// <summary>Numbers in MPD's replies (<c>elapsed: 12.345</c>, <c>song: 3</c>), read the way MPD writes them.</summary>
public static class MpdValue
{
    /// <summary>A decimal number, or <paramref name="fallback"/> when absent or not a number.</summary>
    public static double Double(string? text, double fallback = 0) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : fallback;

    /// <summary>An integer, or <paramref name="fallback"/> when absent or not a number.</summary>
    public static int Int(string? text, int fallback) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;

    /// <summary>Seconds as a command argument, to the millisecond (<c>seek 3 12.345</c>).</summary>
    public static string Seconds(double seconds) => seconds.ToString("0.000", CultureInfo.InvariantCulture);
}

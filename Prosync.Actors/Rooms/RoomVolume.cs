using System.Globalization;
using Prosync.Actors.Protocol;

namespace Prosync.Actors.Rooms;

/// <summary>Volume math: a room plays its group's volume times its trim.</summary>
public static class RoomVolume
{
    /// <summary>The room's MPD volume (0..100) for a group volume (0..100) and a trim (0..1).</summary>
    public static int For(int groupVolume, double trim) =>
        (int)Math.Round(Math.Clamp(groupVolume, 0, 100) * Math.Clamp(trim, 0, 1), MidpointRounding.AwayFromZero);

    /// <summary>A <c>setvol</c>'s volume when MPD would take it (0..100); null for anything else.</summary>
    public static int? SetvolArgument(MpdRequest request) =>
        request is { Command: "setvol", Args.Count: 1 }
        && int.TryParse(request.Args[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var volume) && volume is >= 0 and <= 100
            ? volume : null;

    /// <summary>A trim is a factor from 0 (muted) to 1 (the group's volume).</summary>
    public static bool IsValidTrim(double trim) => double.IsFinite(trim) && trim is >= 0 and <= 1;

    /// <summary>A configured or stored trim where it is valid; otherwise (none, or out of range) the group's volume, 1.</summary>
    public static double TrimOrFull(double? trim) => trim is { } t && IsValidTrim(t) ? t : 1;
}

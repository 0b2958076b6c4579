using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Prosync.Actors.Protocol;

/// <summary>
/// An MPD protocol version as announced in the greeting (Debian's mpd 0.23.12 announces 0.23.5: the greeting carries
/// the protocol version, not the daemon's). Ordered by major, minor, patch, so the proxy can present the lowest.
/// </summary>
public readonly record struct MpdVersion(int Major, int Minor, int Patch) : IComparable<MpdVersion>
{
    /// <inheritdoc />
    public int CompareTo(MpdVersion other)
    {
        int c = Major.CompareTo(other.Major);
        if (c != 0)
            return c;
        c = Minor.CompareTo(other.Minor);
        return c != 0 ? c : Patch.CompareTo(other.Patch);
    }

    /// <summary>"0.23.5".</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor}.{Patch}");

    /// <summary>
    /// Parses "major.minor.patch" (or "major.minor", patch 0) of non-negative decimal numbers; surrounding whitespace
    /// is ignored.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> text, out MpdVersion version)
    {
        version = default;
        text = text.Trim();
        Span<int> parts = stackalloc int[3];
        int count = 0;
        while (true)
        {
            int dot = text.IndexOf('.');
            ReadOnlySpan<char> part = dot < 0 ? text : text[..dot];
            if (count == 3 || part.IsEmpty || !IsDigits(part) ||
                !int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out parts[count]))
                return false;
            count++;
            if (dot < 0)
                break;
            text = text[(dot + 1)..];
        }
        if (count < 2)
            return false;
        version = new MpdVersion(parts[0], parts[1], count == 3 ? parts[2] : 0);
        return true;
    }

    /// <summary>Orders versions.</summary>
    public static bool operator <(MpdVersion left, MpdVersion right) => left.CompareTo(right) < 0;

    /// <summary>Orders versions.</summary>
    public static bool operator >(MpdVersion left, MpdVersion right) => left.CompareTo(right) > 0;

    /// <summary>Orders versions.</summary>
    public static bool operator <=(MpdVersion left, MpdVersion right) => left.CompareTo(right) <= 0;

    /// <summary>Orders versions.</summary>
    public static bool operator >=(MpdVersion left, MpdVersion right) => left.CompareTo(right) >= 0;

    private static bool IsDigits(ReadOnlySpan<char> s)
    {
        foreach (char c in s)
            if (c is < '0' or > '9')
                return false;
        return true;
    }
}

using System.Globalization;
using System.Text.RegularExpressions;

namespace Prosync.Actors.Tests.TestKit;

/// <summary>Reads values out of raw MPD response text ("key: value" lines).</summary>
public static partial class MpdText
{
    /// <summary>The value of the first <c>key: value</c> line, or "" when there is none.</summary>
    public static string Value(string response, string key) =>
        Regex.Match(response, $"^{key}: (.*)$", RegexOptions.Multiline).Groups[1].Value;

    /// <summary>The play position in seconds, from a <c>status</c> response.</summary>
    public static double Elapsed(string status) => double.Parse(Value(status, "elapsed"), CultureInfo.InvariantCulture);

    /// <summary>The first song id (<c>Id: n</c> line), or "" when there is none.</summary>
    public static string Id(string response) => IdLine().Match(response).Groups[1].Value;

    /// <summary>Every song id (<c>Id: n</c> lines), in order.</summary>
    public static List<int> Ids(string response) =>
        IdLine().Matches(response).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();

    [GeneratedRegex(@"^Id: (\d+)$", RegexOptions.Multiline)]
    private static partial Regex IdLine();
}

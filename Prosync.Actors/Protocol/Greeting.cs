namespace Prosync.Actors.Protocol;

/// <summary>
/// The line an MPD server sends on accept, <c>OK MPD 0.23.5</c>. Clients check the <c>OK MPD </c> prefix and read the
/// version to decide which commands they may use, so the proxy greets with the lowest version among its servers.
/// </summary>
public static class Greeting
{
    /// <summary>What every greeting starts with.</summary>
    public const string Prefix = "OK MPD ";

    /// <summary>Parses a greeting line (a trailing <c>\n</c>, <c>\r</c> or spaces are ignored).</summary>
    public static bool TryParse(string line, out MpdVersion version)
    {
        version = default;
        return line is not null
            && line.StartsWith(Prefix, StringComparison.Ordinal)
            && MpdVersion.TryParse(line.AsSpan(Prefix.Length), out version);
    }

    /// <summary>The greeting line for <paramref name="version"/>, without the newline: <c>OK MPD 0.23.5</c>.</summary>
    public static string Format(MpdVersion version) => Prefix + version.ToString();
}

using System.Globalization;
using Prosync.Actors.Cluster;

namespace Prosync.Host.Configuration;

/// <summary>The small grammars shared by flags, configuration keys and the servers file.</summary>
internal static class Syntax
{
    /// <summary>Largest accepted offset; anything bigger is almost surely microseconds or a typo.</summary>
    private const double MaxOffsetMs = 10_000;

    /// <summary><c>[NAME=]HOST[:PORT]</c>.</summary>
    public static (string? Name, HostPort Address) ParseServer(string text, string where)
    {
        var t = text.Trim();
        var eq = t.IndexOf('=');
        if (eq < 0)
        {
            return (null, HostPort.Parse(t, where));
        }
        var name = CheckName(t[..eq], $"{where}: '{t}'");
        return (name, HostPort.Parse(t[(eq + 1)..], where));
    }

    /// <summary><c>lowest-latency</c>, <c>race</c> or <c>fixed=NAME</c>.</summary>
    public static (ReadPolicy Policy, string? Server) ParseReadPolicy(string text, string where)
    {
        var t = text.Trim();
        var eq = t.IndexOf('=');
        var policy = (eq < 0 ? t : t[..eq]).Trim().ToLowerInvariant();
        return policy switch
        {
            "lowest-latency" when eq < 0 => (ReadPolicy.LowestLatency, null),
            "race" when eq < 0 => (ReadPolicy.Race, null),
            "fixed" when eq >= 0 => (ReadPolicy.Fixed, CheckName(t[(eq + 1)..], $"{where}: '{t}'")),
            _ => throw new InvalidSettingsException($"{where}: '{t}' is not a read policy (lowest-latency, race or fixed=NAME)"),
        };
    }

    /// <summary><c>NAME=MS</c>; the name may itself be an address such as <c>[::1]:6601</c>.</summary>
    public static (string Name, double Ms) ParseOffset(string text, string where)
    {
        var t = text.Trim();
        var eq = t.LastIndexOf('=');
        if (eq < 0)
        {
            throw new InvalidSettingsException($"{where}: '{t}' is not NAME=MS (e.g. kitchen=40)");
        }
        var name = CheckName(t[..eq], $"{where}: '{t}'");
        var ms = t[(eq + 1)..].Trim();
        if (!double.TryParse(ms, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            throw new InvalidSettingsException($"{where}: '{ms}' in '{t}' is not a number of milliseconds");
        }
        return (name, CheckOffset(value, where));
    }

    /// <summary><c>NAME=DIR</c>: a room and its music directory (absolute: the proxy's working directory is no room's).</summary>
    public static (string Name, string Directory) ParseMusicDirectory(string text, string where)
    {
        var t = text.Trim();
        var eq = t.IndexOf('=');
        if (eq < 0)
        {
            throw new InvalidSettingsException($"{where}: '{t}' is not NAME=DIR (e.g. kitchen=/srv/music)");
        }
        var name = CheckName(t[..eq], $"{where}: '{t}'");
        var directory = t[(eq + 1)..].Trim();
        if (directory.Length == 0 || !Path.IsPathFullyQualified(directory))
        {
            throw new InvalidSettingsException($"{where}: '{directory}' in '{t}' is not an absolute directory");
        }
        return (name, directory);
    }

    public static double CheckOffset(double ms, string where)
        => double.IsFinite(ms) && Math.Abs(ms) <= MaxOffsetMs
            ? ms
            : throw new InvalidSettingsException(
                $"{where}: offset {ms.ToString(CultureInfo.InvariantCulture)} ms is outside -{MaxOffsetMs}..{MaxOffsetMs} ms");

    /// <summary>
    /// Names appear in logs, on the dashboard, in API paths (<c>/api/servers/NAME</c>) and in
    /// <c>--offset NAME=MS</c>: one token, no '=' and no '/'.
    /// </summary>
    public static string CheckName(string name, string where)
    {
        var n = name.Trim();
        if (n.Length == 0)
        {
            throw new InvalidSettingsException($"{where}: the server name is empty");
        }
        if (n.Length > 64 || n.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '=' or '/'))
        {
            throw new InvalidSettingsException(
                $"{where}: server name '{n}' must be at most 64 characters without spaces, '=' or '/'");
        }
        return n;
    }
}

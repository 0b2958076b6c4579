using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Prosync.Host.Configuration;

/// <summary>
/// A <c>HOST:PORT</c> address as users write it: a host name, an IPv4 address or a bracketed
/// IPv6 address (<c>[::1]:6600</c>), with the port optional (MPD's 6600 when left out).
/// </summary>
public readonly record struct HostPort(string Host, int Port)
{
    /// <summary>MPD's registered port, used when an address leaves the port out.</summary>
    private const int MpdPort = 6600;

    /// <summary>Parses <paramref name="text"/>; <paramref name="error"/> says what is wrong when it returns false.</summary>
    public static bool TryParse(string? text, bool allowPortZero, out HostPort value, out string error)
    {
        value = default;
        var s = text?.Trim() ?? "";
        if (s.Length == 0)
        {
            error = "the address is empty";
            return false;
        }

        string host;
        string? port;
        if (s[0] == '[')
        {
            var close = s.IndexOf(']');
            if (close < 0)
            {
                error = $"'{s}' opens '[' without closing it";
                return false;
            }
            host = s[1..close];
            var rest = s[(close + 1)..];
            if (rest.Length > 0 && rest[0] != ':')
            {
                error = $"'{s}' has '{rest}' after the IPv6 address; expected [ADDRESS]:PORT";
                return false;
            }
            port = rest.Length > 0 ? rest[1..] : null;
            if (!IPAddress.TryParse(host, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6)
            {
                error = $"'{host}' in '{s}' is not an IPv6 address";
                return false;
            }
        }
        else
        {
            var colons = s.Count(c => c == ':');
            if (colons > 1)
            {
                error = $"'{s}' looks like an IPv6 address: put it in brackets, e.g. [{s}]:{MpdPort}";
                return false;
            }
            var colon = s.IndexOf(':');
            host = colon < 0 ? s : s[..colon];
            port = colon < 0 ? null : s[(colon + 1)..];
            if (!IsHostName(host, out error))
            {
                error = $"'{s}': {error}";
                return false;
            }
        }

        var portNumber = MpdPort;
        if (port is not null && !TryParsePort(port, allowPortZero, out portNumber, out error))
        {
            error = $"'{s}': {error}";
            return false;
        }

        value = new HostPort(host, portNumber);
        error = "";
        return true;
    }

    /// <summary>Parses a server address, naming <paramref name="where"/> (a flag, key or file line) in the error.</summary>
    public static HostPort Parse(string? text, string where, bool allowPortZero = false)
        => TryParse(text, allowPortZero, out var value, out var error)
            ? value
            : throw new InvalidSettingsException($"{where}: {error}");

    /// <summary>
    /// Parses the address Prosync listens on. Unlike a server's, the host must be something a socket
    /// can bind without a DNS lookup: an IP address, <c>localhost</c> or <c>*</c> (every interface).
    /// Port 0 picks a free port.
    /// </summary>
    public static IPEndPoint ParseListen(string? text, string where)
    {
        var s = text?.Trim() ?? "";
        if (s == "*" || s.StartsWith("*:", StringComparison.Ordinal))
        {
            s = "0.0.0.0" + s[1..];
        }
        var hp = Parse(s, where, allowPortZero: true);
        if (hp.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return new IPEndPoint(IPAddress.Loopback, hp.Port);
        }
        if (IPAddress.TryParse(hp.Host, out var ip))
        {
            return new IPEndPoint(ip, hp.Port);
        }
        throw new InvalidSettingsException(
            $"{where}: cannot listen on '{hp.Host}': use an IP address (127.0.0.1, 0.0.0.0, [::]), localhost or *");
    }

    /// <summary><c>host:port</c>, with brackets around an IPv6 address so it reads back.</summary>
    public override string ToString()
        => Host.Contains(':') ? $"[{Host}]:{Port}" : $"{Host}:{Port}";

    private static bool TryParsePort(string text, bool allowZero, out int port, out string error)
    {
        port = 0;
        if (text.Length == 0 || !text.All(char.IsAsciiDigit)
            || !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port))
        {
            error = $"port '{text}' is not a number";
            return false;
        }
        if (port > 65535 || (port == 0 && !allowZero))
        {
            error = $"port {port} is out of range (1-65535)";
            return false;
        }
        error = "";
        return true;
    }

    private static bool IsHostName(string host, out string error)
    {
        error = "";
        if (host.Length == 0)
        {
            error = "the host is missing";
            return false;
        }
        if (host.All(c => char.IsAsciiDigit(c) || c == '.'))
        {
            var parts = host.Split('.');
            if (parts.Length == 4 && parts.All(p => p.Length is > 0 and <= 3 && int.Parse(p, CultureInfo.InvariantCulture) <= 255))
            {
                return true;
            }
            error = $"'{host}' is not an IPv4 address";
            return false;
        }
        // RFC 1123 labels, plus '_' which real networks use in spite of the RFC.
        var labels = host.TrimEnd('.').Split('.');
        var valid = host.Length <= 253 && labels.All(l =>
            l.Length is > 0 and <= 63
            && l[0] != '-' && l[^1] != '-'
            && l.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'));
        if (!valid)
        {
            error = $"'{host}' is not a valid host name";
        }
        return valid;
    }
}

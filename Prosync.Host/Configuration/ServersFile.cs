using Prosync.Actors.Proxy;

namespace Prosync.Host.Configuration;

/// <summary>
/// The original Prosync servers file: one server a line, <c>HOST:PORT [USER] [MUSIC_DIR]</c>.
/// Blank lines and lines starting with <c>#</c> are ignored. Also accepted: the earliest form
/// <c>HOST PORT [USER] [MUSIC_DIR]</c>, a name as in <c>--server</c> (<c>kitchen=HOST:PORT</c>),
/// and a music directory without a user when it starts with <c>/</c>, <c>~</c> or <c>.</c>.
/// The music directory is the rest of the line, so it may contain spaces.
/// </summary>
public static class ServersFile
{
    public static IReadOnlyList<ConfiguredServer> Parse(string text, string fileName)
    {
        var servers = new List<ConfiguredServer>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r').Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }
            var where = $"{fileName}:{i + 1}";
            servers.Add(new ConfiguredServer(ParseLine(line, where), where));
        }
        return servers;
    }

    private static ServerEndpoint ParseLine(string line, string where)
    {
        var (first, rest) = NextToken(line);
        var (second, afterSecond) = NextToken(rest);
        // "host 6600 user dir": the earliest Prosync format kept host and port apart.
        if (!HasPort(first) && !first.Contains('=') && second.Length > 0 && second.All(char.IsAsciiDigit))
        {
            first = $"{first}:{second}";
            rest = afterSecond;
        }

        var (name, address) = Syntax.ParseServer(first, where);
        string? user = null;
        var (token, afterToken) = NextToken(rest);
        if (token.Length > 0 && !LooksLikeDirectory(token))
        {
            user = token;
            rest = afterToken;
        }
        var musicDirectory = rest.Trim();
        return new ServerEndpoint(name ?? address.ToString(), address.Host, address.Port)
        {
            User = user,
            MusicDirectory = musicDirectory.Length > 0 ? musicDirectory : null,
        };
    }

    private static bool HasPort(string address)
        => address.StartsWith('[') ? address.Contains("]:", StringComparison.Ordinal) : address.Contains(':');

    private static bool LooksLikeDirectory(string token) => token[0] is '/' or '~' or '.';

    private static (string Token, string Remainder) NextToken(string s)
    {
        s = s.TrimStart();
        var end = 0;
        while (end < s.Length && !char.IsWhiteSpace(s[end]))
        {
            end++;
        }
        return (s[..end], s[end..]);
    }
}

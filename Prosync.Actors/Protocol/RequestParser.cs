using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Prosync.Actors.Protocol;

/// <summary>
/// Tokenizes a request line the way MPD 0.23 does (<c>Client::ProcessLine</c> + <c>command_process</c> + its
/// <c>Tokenizer</c>), including its exact error replies. It does not decide whether the command exists.
/// <list type="bullet">
/// <item>A line whose first character is not <c>a</c>–<c>z</c> (an empty line too): MPD closes the connection without a reply.</item>
/// <item>The command word continues with ASCII letters, digits and <c>_</c> up to a byte ≤ 0x20; anything else:
///   <c>ACK [5@0] {} Invalid word character</c>, and MPD closes the connection after sending it.</item>
/// <item>Arguments are separated by runs of bytes 0x01–0x20 (not only space and tab). Unquoted: bytes &gt; 0x20 except
///   <c>"</c> and <c>'</c>, else <c>ACK [5@0] {} Invalid unquoted character</c>. Quoted: <c>"…"</c> where <c>\</c>
///   takes the next character literally; errors <c>Missing closing '"'</c> and <c>Space expected after closing '"'</c>
///   (code 5).</item>
/// <item>At most <see cref="MaxArguments"/> arguments: one more gives <c>ACK [2@0] {} Too many arguments</c>, checked
///   before the extra argument is tokenized.</item>
/// </list>
/// Argument errors leave the connection open. A NUL character ends the line, as in MPD's C strings.
/// </summary>
public static class RequestParser
{
    /// <summary>
    /// The most arguments MPD 0.23 accepts after the command name. Its argv holds 2 + 2 × 31 tag types = 64 entries
    /// and it reports "Too many arguments" once 64 are filled, so 63 is the real limit (confirmed against mpd 0.23.12).
    /// </summary>
    public const int MaxArguments = 63;

    /// <summary>
    /// Tokenizes <paramref name="line"/> (already stripped of its newline). On failure <paramref name="error"/> is the
    /// reply MPD would send, or <see langword="null"/> when MPD would close the connection without a reply (the line does
    /// not start with a lowercase ASCII letter). Use the overload with <c>closeConnection</c> to also learn whether MPD
    /// closes the connection after the reply ("Invalid word character").
    /// </summary>
    public static bool TryParse(string line, [MaybeNullWhen(false)] out MpdRequest request, out MpdError? error) =>
        TryParse(line, out request, out error, out _);

    /// <summary>
    /// As <see cref="TryParse(string, out MpdRequest, out MpdError?)"/>, and reports whether MPD would close the
    /// connection: without a reply when <paramref name="error"/> is <see langword="null"/>, after sending it otherwise.
    /// </summary>
    public static bool TryParse(string line, [MaybeNullWhen(false)] out MpdRequest request, out MpdError? error,
        out bool closeConnection)
    {
        request = null;
        error = null;
        closeConnection = false;

        ReadOnlySpan<char> s = line.AsSpan();
        int nul = s.IndexOf('\0');
        if (nul >= 0)
            s = s[..nul];

        if (!StartsWithLowercaseLetter(s))
        {
            closeConnection = true;
            return false;
        }

        int pos = 1;
        while (pos < s.Length && s[pos] > ' ')
        {
            if (!char.IsAsciiLetterOrDigit(s[pos]) && s[pos] != '_')
            {
                error = Fail(AckCode.Unknown, "Invalid word character");
                closeConnection = true;
                return false;
            }
            pos++;
        }
        string command = s[..pos].ToString();
        pos = SkipWhitespace(s, pos);

        var args = new List<string>();
        StringBuilder? quoted = null;
        while (true)
        {
            if (args.Count == MaxArguments + 1)
            {
                error = Fail(AckCode.Arg, "Too many arguments");
                return false;
            }
            if (pos >= s.Length)
                break;

            string arg;
            if (s[pos] == '"')
            {
                quoted ??= new StringBuilder();
                quoted.Clear();
                pos++;
                while (true)
                {
                    if (pos >= s.Length)
                    {
                        error = Fail(AckCode.Unknown, "Missing closing '\"'");
                        return false;
                    }
                    char c = s[pos];
                    if (c == '"')
                        break;
                    if (c == '\\')
                    {
                        pos++;
                        if (pos >= s.Length)
                        {
                            error = Fail(AckCode.Unknown, "Missing closing '\"'");
                            return false;
                        }
                    }
                    quoted.Append(s[pos]);
                    pos++;
                }
                pos++; // the closing quote
                if (pos < s.Length && s[pos] > ' ')
                {
                    error = Fail(AckCode.Unknown, "Space expected after closing '\"'");
                    return false;
                }
                arg = quoted.ToString();
            }
            else
            {
                int start = pos;
                while (pos < s.Length && s[pos] > ' ')
                {
                    if (s[pos] is '"' or '\'')
                    {
                        error = Fail(AckCode.Unknown, "Invalid unquoted character");
                        return false;
                    }
                    pos++;
                }
                arg = s[start..pos].ToString();
            }
            args.Add(arg);
            pos = SkipWhitespace(s, pos);
        }

        request = new MpdRequest(command, args);
        return true;
    }

    /// <summary>
    /// MPD's first check on every line: all commands start with <c>a</c>–<c>z</c>; anything else (an empty line, a
    /// badly routed HTTP request) makes MPD close the connection without a reply.
    /// </summary>
    public static bool StartsWithLowercaseLetter(ReadOnlySpan<byte> line) => line.Length > 0 && line[0] is >= (byte)'a' and <= (byte)'z';

    /// <summary>The same check on a decoded line.</summary>
    public static bool StartsWithLowercaseLetter(ReadOnlySpan<char> line) => line.Length > 0 && line[0] is >= 'a' and <= 'z';

    private static int SkipWhitespace(ReadOnlySpan<char> s, int pos)
    {
        while (pos < s.Length && s[pos] <= ' ')
            pos++;
        return pos;
    }

    private static MpdError Fail(AckCode code, string message) => new(code, 0, "", message);
}

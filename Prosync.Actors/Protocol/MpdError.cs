using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Prosync.Actors.Protocol;

/// <summary>
/// One MPD error reply, <c>ACK [code@listIndex] {command} message</c>. <see cref="ListIndex"/> is the position of the
/// failing command inside a command list (0 outside a list); <see cref="Command"/> is empty when MPD failed before it
/// knew the command (tokenizer errors, unknown command).
/// </summary>
public sealed record MpdError(AckCode Code, int ListIndex, string Command, string Message)
{
    private const string Prefix = "ACK [";

    /// <summary>The wire form without the trailing newline, e.g. <c>ACK [5@0] {} unknown command "x"</c>.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"ACK [{(int)Code}@{ListIndex}] {{{Command}}} {Message}");

    /// <summary>
    /// Parses an <c>ACK [...]</c> line as a server sends it (with or without the trailing newline).
    /// Codes MPD may add later are kept as their number.
    /// </summary>
    public static bool TryParse(string line, [MaybeNullWhen(false)] out MpdError error)
    {
        error = null;
        if (line is null || !line.StartsWith(Prefix, StringComparison.Ordinal))
            return false;

        ReadOnlySpan<char> rest = line.AsSpan(Prefix.Length).TrimEnd('\n');
        int at = rest.IndexOf('@');
        if (at <= 0 || !TryParseNumber(rest[..at], out int code))
            return false;
        rest = rest[(at + 1)..];

        int close = rest.IndexOf(']');
        if (close <= 0 || !TryParseNumber(rest[..close], out int index))
            return false;
        rest = rest[(close + 1)..];

        if (!rest.StartsWith(" {", StringComparison.Ordinal))
            return false;
        rest = rest[2..];
        int brace = rest.IndexOf('}');
        if (brace < 0)
            return false;
        string command = rest[..brace].ToString();
        rest = rest[(brace + 1)..];

        // MPD always writes "} " before the message; tolerate a missing space on an empty message.
        if (rest.Length > 0 && rest[0] == ' ')
            rest = rest[1..];

        error = new MpdError((AckCode)code, index, command, rest.ToString());
        return true;
    }

    /// <summary>The same error as it reads at position <paramref name="index"/> of a command list.</summary>
    public MpdError WithListIndex(int index) => this with { ListIndex = index };

    /// <summary>MPD's reply to a command name it does not know: <c>ACK [5@0] {} unknown command "x"</c>.</summary>
    public static MpdError UnknownCommand(string command) =>
        new(AckCode.Unknown, 0, "", $"unknown command \"{command}\"");

    private static bool TryParseNumber(ReadOnlySpan<char> digits, out int value)
    {
        value = 0;
        foreach (char c in digits)
            if (c is < '0' or > '9')
                return false;
        return int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }
}

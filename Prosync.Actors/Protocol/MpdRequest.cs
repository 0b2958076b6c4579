using System.Text;

namespace Prosync.Actors.Protocol;

/// <summary>
/// One tokenized client command: the command name and its arguments with quoting and escapes removed.
/// Equality compares the arguments element by element, so requests can be compared and used as keys.
/// </summary>
public sealed record MpdRequest(string Command, IReadOnlyList<string> Args)
{
    /// <summary>
    /// The canonical line for forwarding to a server, without the trailing newline: the command, then every argument
    /// in double quotes with <c>"</c> and <c>\</c> escaped by a backslash. MPD accepts this form for any argument, so a
    /// request survives <c>ToLine</c> → <see cref="RequestParser.TryParse(string, out MpdRequest, out MpdError?)"/>
    /// unchanged. Arguments cannot carry <c>\n</c> or NUL: MPD ends the line (or the C string) there.
    /// </summary>
    public string ToLine()
    {
        if (Args.Count == 0)
            return Command;

        var sb = new StringBuilder(Command.Length + 16 * Args.Count);
        sb.Append(Command);
        foreach (string arg in Args)
        {
            sb.Append(' ').Append('"');
            foreach (char c in arg)
            {
                if (c is '"' or '\\')
                    sb.Append('\\');
                sb.Append(c);
            }
            sb.Append('"');
        }
        return sb.ToString();
    }

    /// <summary>Same command name and the same arguments in the same order (ordinal).</summary>
    public bool Equals(MpdRequest? other)
    {
        if (ReferenceEquals(this, other))
            return true;
        if (other is null || !string.Equals(Command, other.Command, StringComparison.Ordinal) || Args.Count != other.Args.Count)
            return false;
        for (int i = 0; i < Args.Count; i++)
            if (!string.Equals(Args[i], other.Args[i], StringComparison.Ordinal))
                return false;
        return true;
    }

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Command, StringComparer.Ordinal);
        foreach (string arg in Args)
            hash.Add(arg, StringComparer.Ordinal);
        return hash.ToHashCode();
    }

    /// <summary>The <see cref="ToLine"/> form, for logs.</summary>
    public override string ToString() => ToLine();
}

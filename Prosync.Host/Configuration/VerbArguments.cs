namespace Prosync.Host.Configuration;

/// <summary>
/// The flags of a verb (<c>agent</c>, <c>fetch</c>): each known flag at most once, as <c>--flag VALUE</c> or
/// <c>--flag=VALUE</c>; a fixed number of positional arguments; anything else is an error naming it.
/// </summary>
public sealed record VerbArguments(IReadOnlyDictionary<string, string> Flags, IReadOnlyList<string> Positional)
{
    /// <param name="aliases">Short spellings, e.g. <c>-o</c> for <c>--output</c>.</param>
    /// <exception cref="InvalidSettingsException">An unknown or repeated flag, a missing value, too many or too few positionals.</exception>
    public static VerbArguments Parse(IReadOnlyList<string> args, IReadOnlyList<string> known, int positional,
        IReadOnlyDictionary<string, string>? aliases = null)
    {
        var flags = new Dictionary<string, string>(StringComparer.Ordinal);
        var rest = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith('-') || arg == "-")
            {
                rest.Add(arg);
                continue;
            }
            var eq = arg.IndexOf('=');
            var flag = eq < 0 ? arg : arg[..eq];
            if (aliases is not null && aliases.TryGetValue(flag, out var full))
            {
                flag = full;
            }
            if (!known.Contains(flag))
            {
                throw new InvalidSettingsException($"unknown option '{arg}' (known: {string.Join(", ", known)})");
            }
            string value;
            if (eq >= 0)
            {
                value = arg[(eq + 1)..];
            }
            else if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                value = args[++i];
            }
            else
            {
                throw new InvalidSettingsException($"{flag} needs a value");
            }
            if (!flags.TryAdd(flag, value.Trim()))
            {
                throw new InvalidSettingsException($"{flag} is given more than once");
            }
            if (flags[flag].Length == 0)
            {
                throw new InvalidSettingsException($"{flag} needs a value");
            }
        }
        if (rest.Count != positional)
        {
            throw new InvalidSettingsException(rest.Count > positional
                ? $"unexpected argument '{rest[positional]}'"
                : "missing argument");
        }
        return new VerbArguments(flags, rest);
    }
}

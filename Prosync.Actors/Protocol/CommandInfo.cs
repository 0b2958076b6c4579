namespace Prosync.Actors.Protocol;

/// <summary>
/// What the proxy knows about one MPD command: its route, which arguments are song ids (to translate per server),
/// whether it can change the queue, and MPD's own argument-count limits.
/// </summary>
/// <param name="Name">The command name as MPD spells it.</param>
/// <param name="Route">How the proxy handles it.</param>
/// <param name="SongIdArgs">
/// Indices of arguments that are song ids. <c>-1</c> means "index 1 and every later one" (prioid: the priority,
/// then any number of ids). Use <see cref="IsSongIdArg"/> rather than reading this directly.
/// </param>
/// <param name="ChangesQueue">The command itself can change the queue (and with it song ids and the queue version).</param>
public sealed record CommandInfo(string Name, CommandRoute Route, IReadOnlyList<int> SongIdArgs, bool ChangesQueue)
{
    /// <summary>Fewest arguments MPD accepts, or -1 when MPD does not check the count (close, kill).</summary>
    public int MinArgs { get; init; } = -1;

    /// <summary>Most arguments MPD accepts, or -1 for no limit (up to <see cref="RequestParser.MaxArguments"/>).</summary>
    public int MaxArgs { get; init; } = -1;

    /// <summary>
    /// MPD handles this name as a whole line before tokenizing (noidle, command_list_begin, command_list_ok_begin,
    /// command_list_end); it is not in MPD's command registry, <c>commands</c> does not list it, and with any argument
    /// (or out of place: command_list_end outside a list, a nested command_list_begin) MPD answers
    /// <c>unknown command</c>. A list line that is exactly <c>noidle</c> is not queued: MPD handles it at once.
    /// </summary>
    public bool IsLineKeyword { get; init; }

    /// <summary>The idle subsystem in which a timed command's effect shows (how its skew is measured).</summary>
    public Subsystems Affects { get; init; } = Subsystems.Player;

    /// <summary>
    /// A read answered by the primary whatever the read policy: its reply carries song ids, the queue version or
    /// output ids (or it takes a version as argument), and those numbers differ per server.
    /// </summary>
    public bool FromPrimary { get; init; }

    /// <summary>Whether the argument at <paramref name="index"/> is a song id.</summary>
    public bool IsSongIdArg(int index)
    {
        foreach (int i in SongIdArgs)
            if (i == index || (i == -1 && index >= 1))
                return true;
        return false;
    }

    /// <summary>
    /// MPD's argument-count check for this command with <paramref name="count"/> arguments: <see langword="null"/> if
    /// accepted, else the exact reply, e.g. <c>ACK [2@0] {ping} wrong number of arguments for "ping"</c>, <c>too few
    /// arguments for "add"</c>, <c>too many arguments for "add"</c>.
    /// </summary>
    public MpdError? CheckArguments(int count)
    {
        if (IsLineKeyword)
            return count == 0 ? null : MpdError.UnknownCommand(Name);
        if (MinArgs < 0)
            return null;
        if (MinArgs == MaxArgs && count != MaxArgs)
            return new MpdError(AckCode.Arg, 0, Name, $"wrong number of arguments for \"{Name}\"");
        if (count < MinArgs)
            return new MpdError(AckCode.Arg, 0, Name, $"too few arguments for \"{Name}\"");
        if (MaxArgs >= 0 && count > MaxArgs)
            return new MpdError(AckCode.Arg, 0, Name, $"too many arguments for \"{Name}\"");
        return null;
    }
}

namespace Prosync.Actors.Servers;

/// <summary>
/// A client's per-connection settings that MPD keeps per connection. Backend connections are
/// shared by all sessions, so this is replayed on a backend connection before it serves the session.
/// </summary>
/// <param name="Password">The last password the client sent successfully, or null.</param>
/// <param name="TagTypes">The client's <c>tagtypes</c> edits since connecting, in order; empty = MPD's default set.</param>
/// <param name="BinaryLimit">The client's <c>binarylimit</c>.</param>
public sealed record SessionState(string? Password, string TagTypes, int BinaryLimit)
{
    public const int DefaultBinaryLimit = 8192;

    public static SessionState Default { get; } = new(null, "", DefaultBinaryLimit);

    /// <summary>The tagtypes edit lines to replay, oldest first.</summary>
    public IEnumerable<string> TagTypeCommands => TagTypes.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Records one successful <c>tagtypes</c> edit; <c>clear</c> and <c>all</c> make earlier edits irrelevant.</summary>
    public SessionState WithTagTypesEdit(string line, bool resets) =>
        this with { TagTypes = resets || TagTypes.Length == 0 ? line : TagTypes + "\n" + line };
}

namespace Prosync.Actors.Library;

/// <summary>A file that could not be brought to a room, and why (every source tried).</summary>
public sealed record CopyFailure(string Path, string Target, string Reason)
{
    public override string ToString() => $"{Path} could not be copied to {Target} ({Reason})";
}

namespace Prosync.Actors.Library;

/// <summary>What it takes for rooms to hold files others have: the copies to make, and why some cannot be made.</summary>
/// <param name="Refusals">One sentence per file that cannot reach every room, naming the file and the rooms.</param>
public sealed record ReplicationPlan(IReadOnlyList<FileCopy> Copies, IReadOnlyList<string> Refusals)
{
    public bool CanComplete => Refusals.Count == 0;

    public bool IsEmpty => Copies.Count == 0 && Refusals.Count == 0;
}

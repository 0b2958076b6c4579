namespace Prosync.Actors.Library;

/// <summary>What became of an <c>update</c> of one file, after how long, and (unless it is in the database) why not, in words.</summary>
public sealed record DatabaseUpdate(DatabaseUpdateResult Result, TimeSpan Elapsed, string Detail)
{
    public bool InDatabase => Result == DatabaseUpdateResult.InDatabase;
}

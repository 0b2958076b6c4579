namespace Prosync.Actors.Library;

/// <summary>
/// Pure: given which rooms have which of some files, plans the copies that give every room all of them, from the best
/// holder with file access (by throughput: whole files), or says per file why that cannot be done.
/// </summary>
public static class ReplicationPlanner
{
    /// <param name="files">The files wanted in every room of <paramref name="has"/>.</param>
    /// <param name="has">Per room (in the cluster's order), the files it has among <paramref name="files"/>.</param>
    /// <param name="hasFileAccess">Whether files can be read from and written to the room.</param>
    /// <remarks>A file no room has is left out: there is nothing to copy, and MPD's own error is the answer.</remarks>
    public static ReplicationPlan Plan(IEnumerable<string> files, IReadOnlyDictionary<string, IReadOnlySet<string>> has,
        Func<string, bool> hasFileAccess, IReplicaChooser chooser)
    {
        ArgumentNullException.ThrowIfNull(has);
        ArgumentNullException.ThrowIfNull(hasFileAccess);
        ArgumentNullException.ThrowIfNull(chooser);
        var copies = new List<FileCopy>();
        var refusals = new List<string>();
        foreach (var file in files.Distinct(StringComparer.Ordinal))
        {
            var holders = has.Where(r => r.Value.Contains(file)).Select(r => r.Key).ToList();
            var lacking = has.Where(r => !r.Value.Contains(file)).Select(r => r.Key).ToList();
            if (holders.Count == 0 || lacking.Count == 0) continue;
            var unreachable = lacking.Where(r => !hasFileAccess(r)).ToList();
            if (unreachable.Count > 0)
            {
                refusals.Add($"{file} is missing in {string.Join(", ", unreachable)} (no file access to copy it)");
                continue;
            }
            var sources = holders.Where(hasFileAccess).ToList();
            if (sources.Count == 0)
            {
                refusals.Add($"{file} is missing in {string.Join(", ", lacking)} (no room that has it has file access: {string.Join(", ", holders)})");
                continue;
            }
            copies.Add(new FileCopy(file, chooser.Rank(sources, ReplicaOptimization.Throughput), lacking));
        }
        return new ReplicationPlan(copies, refusals);
    }
}

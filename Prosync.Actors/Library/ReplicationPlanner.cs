namespace Prosync.Actors.Library;

/// <summary>
/// Pure: given which rooms have which of some files, plans the copies that give every target room all of them, from
/// the best holder with file access (by throughput: whole files), or says per file why that cannot be done.
/// </summary>
public static class ReplicationPlanner
{
    /// <summary>Every room of <paramref name="has"/> is a target: each must end with every file.</summary>
    /// <inheritdoc cref="Plan(IEnumerable{string}, IReadOnlyDictionary{string, IReadOnlySet{string}}, IReadOnlySet{string}, Func{string, bool}, IReplicaChooser)"/>
    public static ReplicationPlan Plan(IEnumerable<string> files, IReadOnlyDictionary<string, IReadOnlySet<string>> has,
        Func<string, bool> hasFileAccess, IReplicaChooser chooser)
    {
        ArgumentNullException.ThrowIfNull(has);
        return Plan(files, has, has.Keys.ToHashSet(StringComparer.Ordinal), hasFileAccess, chooser);
    }

    /// <param name="files">The files wanted in every room of <paramref name="targets"/>.</param>
    /// <param name="has">Per room (in the cluster's order), the files it has among <paramref name="files"/>: the targets,
    /// and rooms that are only sources (other groups of the house).</param>
    /// <param name="targets">The rooms that must end with every file (a group's rooms in sync).</param>
    /// <param name="hasFileAccess">Whether files can be read from and written to the room.</param>
    /// <remarks>
    /// A file no room has is left out: there is nothing to copy, and MPD's own error is the answer. A file only source
    /// rooms have is copied when every target can take it, else left out too: the targets then all lack it alike (the
    /// group stays in step) and MPD answers for it. A file some targets have and others lack must reach them all, or it
    /// is refused: the group's rooms would otherwise diverge.
    /// </remarks>
    public static ReplicationPlan Plan(IEnumerable<string> files, IReadOnlyDictionary<string, IReadOnlySet<string>> has,
        IReadOnlySet<string> targets, Func<string, bool> hasFileAccess, IReplicaChooser chooser)
    {
        ArgumentNullException.ThrowIfNull(has);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(hasFileAccess);
        ArgumentNullException.ThrowIfNull(chooser);
        var copies = new List<FileCopy>();
        var refusals = new List<string>();
        foreach (var file in files.Distinct(StringComparer.Ordinal))
        {
            var holders = has.Where(r => r.Value.Contains(file)).Select(r => r.Key).ToList();
            var lacking = has.Where(r => targets.Contains(r.Key) && !r.Value.Contains(file)).Select(r => r.Key).ToList();
            if (holders.Count == 0 || lacking.Count == 0) continue;
            var unreachable = lacking.Where(r => !hasFileAccess(r)).ToList();
            var sources = holders.Where(hasFileAccess).ToList();
            var targetsDiffer = holders.Any(targets.Contains);
            if (!targetsDiffer && (unreachable.Count > 0 || sources.Count == 0)) continue;
            if (unreachable.Count > 0)
            {
                refusals.Add($"{file} is missing in {string.Join(", ", unreachable)} (no file access to copy it)");
                continue;
            }
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

namespace Prosync.Actors.Library;

/// <summary>An upload as its rooms take it: each room's state while it runs, and for a while after it finished.</summary>
/// <param name="Id">The upload's own id (one path can be uploaded twice).</param>
/// <param name="Bytes">The file's size: every room's copy is <paramref name="Bytes"/> long.</param>
/// <param name="FinishedAt">When every room was done or failed; null while any room still copies or waits.</param>
public sealed record UploadProgress(Guid Id, string Path, long Bytes, string Sha256, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt,
    IReadOnlyList<RoomUploadProgress> Rooms)
{
    /// <summary>
    /// One upload as several groups report it (each stores it in its own rooms): their rooms together, finished when
    /// every group's part is. Uploads in the order they started.
    /// </summary>
    public static IReadOnlyList<UploadProgress> Merge(IEnumerable<UploadProgress> parts) =>
        parts.GroupBy(p => p.Id).Select(g =>
        {
            var all = g.ToList();
            return all[0] with
            {
                StartedAt = all.Min(p => p.StartedAt),
                FinishedAt = all.All(p => p.FinishedAt is not null) ? all.Max(p => p.FinishedAt) : null,
                Rooms = [.. all.SelectMany(p => p.Rooms).OrderBy(r => r.Name, StringComparer.Ordinal)],
            };
        }).OrderBy(u => u.StartedAt).ToList();
}

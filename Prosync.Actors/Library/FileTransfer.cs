namespace Prosync.Actors.Library;

/// <summary>Copies between rooms, as tasks (never through an actor's mailbox): source stream → target, checksum verified, database updated.</summary>
public static class FileTransfer
{
    /// <summary>Copies <paramref name="path"/> from <paramref name="source"/> to <paramref name="target"/> and waits until its MPD has it.</summary>
    /// <returns>The file's size and checksum as the source reported them (and the target verified).</returns>
    public static async Task<RoomFileInfo> CopyAsync(IRoomFiles source, IRoomFiles target, string path, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        var info = await source.GetInfoAsync(path, ct) ?? throw new FileNotFoundException($"{path} is not at {source.Location}", path);
        await using (var stream = await source.OpenReadAsync(path, 0, ct))
            await target.WriteAsync(path, stream, info.Sha256, ct);
        await target.UpdateDatabaseAsync(path, ct);
        return info;
    }

    /// <summary>
    /// Every copy of the plan, all in parallel; each tries its sources best first. Returns one failure per (file, room)
    /// that failed; empty when every room has every file.
    /// </summary>
    public static async Task<IReadOnlyList<CopyFailure>> RunAsync(IReadOnlyList<FileCopy> copies, Func<string, IRoomFiles?> filesOf,
        CancellationToken ct)
    {
        var work = copies.SelectMany(c => c.Targets.Select(t => CopyOneAsync(c, t, filesOf, ct))).ToList();
        var failures = await Task.WhenAll(work);
        return failures.OfType<CopyFailure>().ToList();
    }

    private static async Task<CopyFailure?> CopyOneAsync(FileCopy copy, string target, Func<string, IRoomFiles?> filesOf, CancellationToken ct)
    {
        if (filesOf(target) is not { } to) return new CopyFailure(copy.Path, target, "no file access");
        var why = "no source";
        foreach (var source in copy.Sources)
        {
            if (filesOf(source) is not { } from) continue;
            try
            {
                await CopyAsync(from, to, copy.Path, ct);
                return null;
            }
            catch (Exception e) when (e is IOException or InvalidDataException or TimeoutException or HttpRequestException
                or UnauthorizedAccessException or System.Net.Sockets.SocketException or OperationCanceledException)
            {
                why = $"from {source}: {e.Message}";
                if (ct.IsCancellationRequested) break;
            }
        }
        return new CopyFailure(copy.Path, target, why);
    }
}

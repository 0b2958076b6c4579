namespace Prosync.Actors.Library;

/// <summary>Copies between rooms, as tasks (never through an actor's mailbox): source stream → target, checksum verified, database updated.</summary>
public static class FileTransfer
{
    /// <summary>Copies <paramref name="path"/> from <paramref name="source"/> to <paramref name="target"/> and waits until its MPD has it.</summary>
    /// <param name="written">Told, once the target holds the file (checksum verified), the bytes read from the source and their
    /// time: from the source's opening to its end, so the copy's own rate, the target's writing included, MPD's update not.</param>
    /// <returns>The file's size and checksum as the source reported them (and the target verified).</returns>
    public static async Task<RoomFileInfo> CopyAsync(IRoomFiles source, IRoomFiles target, string path, CancellationToken ct,
        Action<long, TimeSpan>? written = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        var info = await source.GetInfoAsync(path, ct) ?? throw new FileNotFoundException($"{path} is not at {source.Location}", path);
        await using (var stream = new MeteredStream(await source.OpenReadAsync(path, 0, ct)))
        {
            await target.WriteAsync(path, stream, info.Sha256, ct);
            written?.Invoke(stream.Bytes, stream.Elapsed);
        }
        await target.UpdateDatabaseAsync(path, ct);
        return info;
    }

    /// <summary>
    /// Every copy of the plan, all in parallel; each tries its sources best first. Returns one failure per (file, room)
    /// that failed; empty when every room has every file. With a <paramref name="meter"/>, each copy marks its source and
    /// target busy while it runs, and a file that reached its target is a throughput sample of its source.
    /// </summary>
    public static async Task<IReadOnlyList<CopyFailure>> RunAsync(IReadOnlyList<FileCopy> copies, Func<string, IRoomFiles?> filesOf,
        CancellationToken ct, ITransferMeter? meter = null)
    {
        var work = copies.SelectMany(c => c.Targets.Select(t => CopyOneAsync(c, t, filesOf, meter, ct))).ToList();
        var failures = await Task.WhenAll(work);
        return failures.OfType<CopyFailure>().ToList();
    }

    /// <summary>How a room's files are reached, as the measurements name it.</summary>
    public static string MethodOf(IRoomFiles files) => files is AgentRoomFiles ? AgentMethod : LocalMethod;

    /// <summary>How a replica's files are reached, as measurements and the API name it: through its agent over HTTP.</summary>
    public const string AgentMethod = "agent";

    /// <summary>How a replica's files are reached: a directory this machine reads and writes.</summary>
    public const string LocalMethod = "local";

    private static async Task<CopyFailure?> CopyOneAsync(FileCopy copy, string target, Func<string, IRoomFiles?> filesOf, ITransferMeter? meter,
        CancellationToken ct)
    {
        if (filesOf(target) is not { } to) return new CopyFailure(copy.Path, target, "no file access");
        var why = "no source";
        foreach (var source in copy.Sources)
        {
            if (filesOf(source) is not { } from) continue;
            try
            {
                using (meter?.BeginTransfer(source))
                using (meter?.BeginTransfer(target))
                    await CopyAsync(from, to, copy.Path, ct, (bytes, elapsed) => meter?.RecordCopy(source, MethodOf(from), bytes, elapsed));
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

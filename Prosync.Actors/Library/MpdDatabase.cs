using System.Diagnostics;
using Prosync.Actors.Protocol;
using Prosync.Actors.Servers;

namespace Prosync.Actors.Library;

/// <summary>
/// Questions to a room's MPD about its database, each on a short-lived connection of its own: a listing of a whole
/// library must not hold up the room's command connections, whose order the cluster relies on.
/// </summary>
public static class MpdDatabase
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>How many <c>update</c>s MPD may finish without the file before it counts as not taken.</summary>
    private const int UpdateAttempts = 3;

    /// <summary>Runs <paramref name="lines"/> in one batch; one response per line.</summary>
    public static async Task<MpdResponse[]> QueryAsync(string host, int port, IReadOnlyList<string> lines, CancellationToken ct)
    {
        await using var connection = await MpdConnection.ConnectAsync(host, port, ConnectTimeout, ct);
        if (lines.Count == 0) return [];
        return await Task.WhenAll(connection.SendBatch(lines)).WaitAsync(ct);
    }

    /// <summary>The song files a listing names (<c>file:</c> lines of listall, listallinfo, find, search).</summary>
    public static IReadOnlySet<string> Files(MpdResponse response) =>
        response.IsOk ? response.GetAll("file").ToHashSet(StringComparer.Ordinal) : new HashSet<string>(StringComparer.Ordinal);

    /// <summary>
    /// <c>update</c> (<see cref="UpdateRootAsync"/>: the file, or its highest directory MPD has not seen), then polls
    /// until <c>lsinfo PATH</c> finds the file (MPD updates in the background; its <c>update</c> only queues a job).
    /// Tells "MPD finished without taking the file" (not audio it can read) from "not there in time": the first is
    /// final, the second may pass.
    /// </summary>
    /// <remarks>Connection failures are thrown; every answer of MPD's is an outcome.</remarks>
    public static async Task<DatabaseUpdate> UpdateAsync(string host, int port, string path, TimeSpan within, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(within);
        try
        {
            await using var connection = await MpdConnection.ConnectAsync(host, port, ConnectTimeout, deadline.Token);
            var update = new MpdRequest("update", [await UpdateRootAsync(connection, path, deadline.Token)]).ToLine();
            var lookup = new MpdRequest("lsinfo", [path]).ToLine();
            for (var queuedUpdates = 0; ;)
            {
                var queued = await connection.SendAsync(update).WaitAsync(deadline.Token);
                // "already updating" (54): MPD did not queue ours; wait until it is idle, then ask again.
                if (!queued.IsOk && queued.Error!.Code != AckCode.UpdateAlready)
                    return new DatabaseUpdate(DatabaseUpdateResult.Refused, watch.Elapsed, $"MPD refused the update of '{path}': {queued.Error.Message}");
                if (queued.IsOk) queuedUpdates++;
                while (true)
                {
                    // status before lsinfo: when status shows MPD idle, every job (ours too) had added the file, if
                    // it ever will, before the lookup; the other order could call a file not taken in a race.
                    var status = await connection.SendAsync("status").WaitAsync(deadline.Token);
                    long? running = long.TryParse(status.Get("updating_db"), out var n) ? n : null;
                    var found = await connection.SendAsync(lookup).WaitAsync(deadline.Token);
                    if (found.IsOk && found.GetAll("file").Contains(path))
                        return new DatabaseUpdate(DatabaseUpdateResult.InDatabase, watch.Elapsed, "");
                    if (running is null) break;
                    await Task.Delay(PollInterval, deadline.Token);
                }
                // Idle without the file. Ours may have been folded into a job that had already scanned past the file,
                // so ask again a few times before calling it final.
                if (queuedUpdates >= UpdateAttempts)
                    return new DatabaseUpdate(DatabaseUpdateResult.NotTaken, watch.Elapsed,
                        $"MPD finished its update without adding '{path}' to its database (not a file it can read?)");
                await Task.Delay(PollInterval, deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new DatabaseUpdate(DatabaseUpdateResult.TimedOut, watch.Elapsed,
                $"MPD at {host}:{port} did not have '{path}' in its database within {within.TotalSeconds:0} s");
        }
    }

    /// <summary><see cref="UpdateAsync"/> for a copy, which fails by exception.</summary>
    /// <exception cref="TimeoutException">Not in the database within <paramref name="within"/>.</exception>
    /// <exception cref="InvalidDataException">MPD finished without taking the file.</exception>
    /// <exception cref="IOException">MPD refused the update.</exception>
    public static async Task UpdateAndWaitAsync(string host, int port, string path, TimeSpan within, CancellationToken ct)
    {
        var outcome = await UpdateAsync(host, port, path, within, ct);
        switch (outcome.Result)
        {
            case DatabaseUpdateResult.InDatabase:
                return;
            case DatabaseUpdateResult.TimedOut:
                throw new TimeoutException(outcome.Detail);
            case DatabaseUpdateResult.NotTaken:
                throw new InvalidDataException(outcome.Detail);
            default:
                throw new IOException(outcome.Detail);
        }
    }

    /// <summary>
    /// What to update so that MPD sees <paramref name="path"/>: the file itself when its directory is in the database,
    /// else the highest of its directories that is not (MPD 0.23 ignores <c>update FILE</c> when the file's directories
    /// are new past one level; updating that directory adds everything below it).
    /// </summary>
    public static async Task<string> UpdateRootAsync(MpdConnection connection, string path, CancellationToken ct)
    {
        var segments = path.Split('/');
        for (var depth = 1; depth < segments.Length; depth++)
        {
            var directory = string.Join('/', segments[..depth]);
            if (!(await connection.SendAsync(new MpdRequest("lsinfo", [directory]).ToLine()).WaitAsync(ct)).IsOk) return directory;
        }
        return path;
    }
}

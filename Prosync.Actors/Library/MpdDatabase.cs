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
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

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
    /// <c>update PATH</c>, then polls until <c>lsinfo PATH</c> finds the file (MPD updates in the background; its
    /// <c>update</c> only queues a job).
    /// </summary>
    /// <exception cref="TimeoutException">Not in the database within <paramref name="within"/>.</exception>
    public static async Task UpdateAndWaitAsync(string host, int port, string path, TimeSpan within, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(within);
        try
        {
            await using var connection = await MpdConnection.ConnectAsync(host, port, ConnectTimeout, deadline.Token);
            var quoted = new MpdRequest("update", [await UpdateRootAsync(connection, path, deadline.Token)]).ToLine();
            var lookup = new MpdRequest("lsinfo", [path]).ToLine();
            while (true)
            {
                var update = await connection.SendAsync(quoted).WaitAsync(deadline.Token);
                // "already updating" (54): a job is running; ours is queued behind it or the next one picks the file up.
                if (!update.IsOk && update.Error!.Code != AckCode.UpdateAlready)
                    throw new IOException($"MPD refused update {path}: {update.Error.Message}");
                for (var i = 0; i < 20; i++)
                {
                    var found = await connection.SendAsync(lookup).WaitAsync(deadline.Token);
                    if (found.IsOk && found.GetAll("file").Contains(path)) return;
                    var status = await connection.SendAsync("status").WaitAsync(deadline.Token);
                    await Task.Delay(PollInterval, deadline.Token);
                    // Ours may have been folded into a job that had already scanned past the file: ask again once idle.
                    if (status.Get("updating_db") is null && i >= 2) break;
                }
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"MPD at {host}:{port} did not have {path} in its database within {within.TotalSeconds:0} s");
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

using System.Diagnostics;
using System.Net.Sockets;
using Prosync.Actors.Library;
using Prosync.Actors.Protocol;
using Prosync.Actors.Servers;
using Prosync.Host.Configuration;

namespace Prosync.Host.Agent;

/// <summary>
/// The agent's few words with its room's MPD: <c>update</c> a file and wait until the database has it. Over the
/// project's own MPD client (<see cref="MpdConnection"/>), one short connection per question (the agent talks to MPD
/// rarely; a pooled connection would need keepalives).
/// </summary>
public sealed class AgentMpd(HostPort mpd)
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(10);

    /// <summary>What became of an update; <paramref name="TimedOut"/>: not in the database within the time allowed (rather than refused or not taken).</summary>
    public sealed record UpdateOutcome(bool InDatabase, TimeSpan Elapsed, string Detail, bool TimedOut = false);

    /// <summary>
    /// Runs <c>update</c> (<see cref="MpdDatabase.UpdateRootAsync"/>: the file, or its highest directory MPD has not
    /// seen), then polls until the update job has finished and <c>lsinfo PATH</c> finds the file. Not in the database
    /// once MPD's update is done means MPD did not take the file (not audio it can read).
    /// </summary>
    public async Task<UpdateOutcome> UpdateAndWaitAsync(string path, TimeSpan within, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        await using var connection = await MpdConnection.ConnectAsync(mpd.Host, mpd.Port, CommandTimeout, ct);
        var update = await SendAsync(connection, new MpdRequest("update", [await MpdDatabase.UpdateRootAsync(connection, path, ct)]).ToLine(), ct);
        if (!update.IsOk)
        {
            return new UpdateOutcome(false, watch.Elapsed, $"MPD refused the update: {update.Error}");
        }
        var job = long.TryParse(update.Get("updating_db"), out var j) ? j : 0;
        var lookup = new MpdRequest("lsinfo", [path]).ToLine();
        while (watch.Elapsed < within)
        {
            var status = await SendAsync(connection, "status", ct);
            long? current = long.TryParse(status.Get("updating_db"), out var n) ? n : null;
            var stillUpdating = current is { } running && running <= job;
            if (!stillUpdating)
            {
                var found = await SendAsync(connection, lookup, ct);
                if (found.IsOk && found.GetAll("file").Any())
                {
                    return new UpdateOutcome(true, watch.Elapsed, "");
                }
                if (current is null)
                {
                    return new UpdateOutcome(false, watch.Elapsed,
                        $"MPD finished its update without adding '{path}' to its database (not a file it can read?)");
                }
            }
            await Task.Delay(50, ct);
        }
        return new UpdateOutcome(false, watch.Elapsed, $"MPD's database did not have '{path}' within {within.TotalSeconds:0} s", TimedOut: true);
    }

    /// <summary>MPD answers at all (for the health endpoint).</summary>
    public async Task<bool> PingAsync(CancellationToken ct)
    {
        try
        {
            await using var connection = await MpdConnection.ConnectAsync(mpd.Host, mpd.Port, CommandTimeout, ct);
            return (await SendAsync(connection, "ping", ct)).IsOk;
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or TimeoutException or MpdProtocolException)
        {
            return false;
        }
    }

    private static Task<MpdResponse> SendAsync(MpdConnection connection, string line, CancellationToken ct) =>
        connection.SendAsync(line).WaitAsync(CommandTimeout, ct);
}

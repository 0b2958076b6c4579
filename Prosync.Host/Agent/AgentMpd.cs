using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Prosync.Host.Configuration;

namespace Prosync.Host.Agent;

/// <summary>
/// The agent's few words with its room's MPD: <c>update</c> a file and wait until the database has it.
/// One short connection per command (the agent talks to MPD rarely; a pooled connection would need keepalives).
/// </summary>
public sealed class AgentMpd(HostPort mpd)
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(10);

    /// <summary>What became of an update.</summary>
    public sealed record UpdateOutcome(bool InDatabase, TimeSpan Elapsed, string Detail);

    /// <summary>
    /// Runs <c>update PATH</c>, then polls until the update job has finished and <c>lsinfo PATH</c> finds the file.
    /// Not in the database once MPD's update is done means MPD did not take the file (not audio it can read).
    /// </summary>
    public async Task<UpdateOutcome> UpdateAndWaitAsync(string path, TimeSpan within, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var update = await CommandAsync($"update {Quote(await UpdateRootAsync(path, ct))}", ct);
        if (!update.Ok)
        {
            return new UpdateOutcome(false, watch.Elapsed, $"MPD refused the update: {update.Text.Trim()}");
        }
        var job = Field(update.Text, "updating_db") is { } id && long.TryParse(id, out var j) ? j : 0;
        while (watch.Elapsed < within)
        {
            var status = await CommandAsync("status", ct);
            var current = Field(status.Text, "updating_db") is { } c && long.TryParse(c, out var n) ? n : (long?)null;
            var stillUpdating = current is { } running && running <= job;
            if (!stillUpdating)
            {
                var found = await CommandAsync($"lsinfo {Quote(path)}", ct);
                if (found.Ok && found.Text.Contains("file: ", StringComparison.Ordinal))
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
        return new UpdateOutcome(false, watch.Elapsed, $"MPD's database did not have '{path}' within {within.TotalSeconds:0} s");
    }

    /// <summary>
    /// What to update so that MPD sees <paramref name="path"/>: the file itself when its directory is in the database,
    /// else the highest of its directories that is not (MPD 0.23 does not add a file whose parent directories it has
    /// never seen, past one level; updating that directory adds everything below it).
    /// </summary>
    private async Task<string> UpdateRootAsync(string path, CancellationToken ct)
    {
        var segments = path.Split('/');
        for (var depth = 1; depth < segments.Length; depth++)
        {
            var directory = string.Join('/', segments[..depth]);
            if (!(await CommandAsync($"lsinfo {Quote(directory)}", ct)).Ok)
            {
                return directory;
            }
        }
        return path;
    }

    /// <summary>MPD answers at all (for the health endpoint).</summary>
    public async Task<bool> PingAsync(CancellationToken ct)
    {
        try
        {
            return (await CommandAsync("ping", ct)).Ok;
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or InvalidDataException)
        {
            return false;
        }
    }

    private async Task<(bool Ok, string Text)> CommandAsync(string command, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(CommandTimeout);
        using var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync(mpd.Host, mpd.Port, deadline.Token);
        using var reader = new StreamReader(client.GetStream(), new UTF8Encoding(false));
        var greeting = await reader.ReadLineAsync(deadline.Token);
        if (greeting is null || !greeting.StartsWith("OK MPD ", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{mpd} is not an MPD server (greeting: {greeting ?? "none"})");
        }
        await client.GetStream().WriteAsync(Encoding.UTF8.GetBytes(command + "\n"), deadline.Token);
        var text = new StringBuilder();
        while (await reader.ReadLineAsync(deadline.Token) is { } line)
        {
            if (line == "OK")
            {
                return (true, text.ToString());
            }
            if (line.StartsWith("ACK ", StringComparison.Ordinal))
            {
                return (false, line);
            }
            text.Append(line).Append('\n');
        }
        throw new IOException($"{mpd} closed the connection during '{command}'");
    }

    private static string? Field(string text, string name)
        => text.Split('\n').FirstOrDefault(l => l.StartsWith(name + ": ", StringComparison.Ordinal))?[(name.Length + 2)..];

    /// <summary>An MPD argument in double quotes, with <c>"</c> and <c>\</c> escaped.</summary>
    private static string Quote(string value)
        => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}

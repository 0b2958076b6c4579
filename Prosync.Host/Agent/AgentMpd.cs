using System.Net.Sockets;
using Prosync.Actors.Library;
using Prosync.Actors.Protocol;
using Prosync.Actors.Servers;
using Prosync.Host.Configuration;

namespace Prosync.Host.Agent;

/// <summary>
/// The agent's few words with its room's MPD: <c>update</c> a file and wait until the database has it, and ping. Over
/// the project's own MPD client (<see cref="MpdConnection"/>), one short connection per question (the agent talks to
/// MPD rarely; a pooled connection would need keepalives).
/// </summary>
public sealed class AgentMpd(HostPort mpd)
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// <c>update</c> the file and wait until MPD's database has it, telling "MPD did not take it" from "too slow"
    /// (<see cref="MpdDatabase.UpdateAsync"/>, the proxy's own way to update a room it copied a file to).
    /// </summary>
    public Task<DatabaseUpdate> UpdateAndWaitAsync(string path, TimeSpan within, CancellationToken ct)
        => MpdDatabase.UpdateAsync(mpd.Host, mpd.Port, path, within, ct);

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

using Prosync.Host.Lab;
using System.Text;

namespace Prosync.Actors.Tests.TestKit;

/// <summary>
/// The state a proxy must keep equal on every server: queue (file list), options, volume and play state,
/// read directly from one MPD. Compare snapshots with <see cref="ToString"/>, which is canonical.
/// </summary>
public sealed record ServerSnapshot(
    IReadOnlyList<string> Queue,
    string Repeat,
    string Random,
    string Single,
    string Consume,
    string Volume,
    string State,
    string? SongPosition)
{
    public static async Task<ServerSnapshot> CaptureAsync(MpdProcess server)
    {
        ArgumentNullException.ThrowIfNull(server);
        var text = await server.SendAsync("playlistinfo\nstatus").ConfigureAwait(false);
        var queue = new List<string>();
        var status = new Dictionary<string, string>();
        var inStatus = false;
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line == "OK")
            {
                inStatus = true;
                continue;
            }

            if (line.StartsWith("ACK ", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"{server}: {line}");
            }

            var colon = line.IndexOf(": ", StringComparison.Ordinal);
            if (colon < 0)
            {
                continue;
            }

            var (key, value) = (line[..colon], line[(colon + 2)..]);
            if (!inStatus && key == "file")
            {
                queue.Add(value);
            }
            else if (inStatus)
            {
                status[key] = value;
            }
        }

        string Get(string key) => status.TryGetValue(key, out var v) ? v : "(absent)";
        return new ServerSnapshot(queue, Get("repeat"), Get("random"), Get("single"), Get("consume"), Get("volume"), Get("state"),
            status.GetValueOrDefault("song"));
    }

    public override string ToString()
    {
        var text = new StringBuilder()
            .AppendLine($"state: {State}, song: {SongPosition ?? "-"}, volume: {Volume}")
            .AppendLine($"repeat: {Repeat}, random: {Random}, single: {Single}, consume: {Consume}")
            .AppendLine($"queue ({Queue.Count}):");
        foreach (var file in Queue)
        {
            text.AppendLine("  " + file);
        }

        return text.ToString();
    }
}

using System.Globalization;
using Prosync.Actors.Protocol;
using Prosync.Actors.Servers;

namespace Prosync.Actors.Cluster;

/// <summary>
/// Pure: what must change for a room to match the cluster, and the commands that do it.
/// Playback (song, position, play/pause) is left to the caller, which times it so the room joins in step.
/// </summary>
public static class StateReconciler
{
    /// <summary>How far apart two rooms' positions may be and still count as in step.</summary>
    public static readonly TimeSpan PositionTolerance = TimeSpan.FromMilliseconds(150);

    /// <summary>
    /// Commands that bring <paramref name="room"/>'s queue, options, volume and outputs to <paramref name="cluster"/>'s.
    /// The queue is edited as little as possible: nothing when equal, appends when the room's queue is a prefix,
    /// moves when it holds the same songs in another order, else clear and add.
    /// </summary>
    public static IReadOnlyList<string> Commands(RoomState cluster, RoomState room)
    {
        var commands = new List<string>();
        commands.AddRange(QueueCommands(cluster.Queue, room.Queue));
        foreach (var key in RoomState.OptionKeys)
        {
            var wanted = cluster.Options.GetValueOrDefault(key, "0");
            if (room.Options.GetValueOrDefault(key, "0") == wanted) continue;
            commands.Add(new MpdRequest(key == "xfade" ? "crossfade" : key, [wanted]).ToLine());
        }
        if (cluster.Volume >= 0 && room.Volume >= 0 && cluster.Volume != room.Volume)
            commands.Add("setvol " + cluster.Volume.ToString(CultureInfo.InvariantCulture));
        foreach (var (name, enabled) in cluster.Outputs)
        {
            if (!room.Outputs.TryGetValue(name, out var roomEnabled) || roomEnabled == enabled) continue;
            var id = room.OutputIds[name].ToString(CultureInfo.InvariantCulture);
            commands.Add((enabled ? "enableoutput " : "disableoutput ") + id);
        }
        return commands;
    }

    private static IEnumerable<string> QueueCommands(IReadOnlyList<string> wanted, IReadOnlyList<string> have)
    {
        if (wanted.SequenceEqual(have)) return [];
        if (have.Count < wanted.Count && wanted.Take(have.Count).SequenceEqual(have))
            return wanted.Skip(have.Count).Select(Add);
        if (wanted.Order(StringComparer.Ordinal).SequenceEqual(have.Order(StringComparer.Ordinal)))
            return QueueReorder.Moves(have, wanted).Select(m => $"move {m.From} {m.To}");
        return wanted.Select(Add).Prepend("clear");
    }

    private static string Add(string file) => new MpdRequest("add", [file]).ToLine();

    /// <summary>Whether the room plays the same thing, in step (within <paramref name="tolerance"/>) once clock skew is allowed for.</summary>
    /// <param name="elapsedShift">How much later the room's reading was taken than the cluster's; added to the cluster's position when playing.</param>
    public static bool PlaybackMatches(RoomState cluster, RoomState room, TimeSpan elapsedShift, TimeSpan tolerance)
    {
        if (cluster.State != room.State) return false;
        // Stopped, the current song still matters: a bare "play" starts it, and status shows it.
        if (cluster.SongPosition != room.SongPosition) return false;
        if (cluster.State == "stop") return true;
        var expected = cluster.ElapsedSeconds + (cluster.IsPlaying ? elapsedShift.TotalSeconds : 0);
        return Math.Abs(expected - room.ElapsedSeconds) <= tolerance.TotalSeconds;
    }

    /// <summary>
    /// Commands that leave a stopped room with no current song, as the cluster has, without changing its queue:
    /// MPD forgets the current song when it is deleted while stopped, and the same file goes back in its place.
    /// </summary>
    public static IReadOnlyList<string> ForgetCurrentSong(RoomState room)
    {
        var position = room.SongPosition.ToString(CultureInfo.InvariantCulture);
        return ["stop", $"delete {position}", new MpdRequest("addid", [room.Queue[room.SongPosition], position]).ToLine()];
    }

    /// <summary>Whether everything but playback already matches.</summary>
    public static bool SettingsMatch(RoomState cluster, RoomState room) => Commands(cluster, room).Count == 0;
}

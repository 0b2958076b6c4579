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
            return QueueReorder.MoveLines(have, wanted);
        return wanted.Select(Add).Prepend("clear");
    }

    private static string Add(string file) => new MpdRequest("add", [file]).ToLine();

    /// <summary>Whether the room plays the same thing, in step (within <paramref name="tolerance"/>) once clock skew is allowed for.</summary>
    /// <param name="elapsedShift">How much later the room's reading was taken than the cluster's; added to the cluster's position when playing.</param>
    public static bool PlaybackMatches(RoomState cluster, RoomState room, TimeSpan elapsedShift, TimeSpan tolerance)
    {
        // Stopped, the current song still matters: a bare "play" starts it, and status shows it.
        if (cluster.State != room.State || cluster.SongPosition != room.SongPosition) return false;
        return cluster.State == "stop" || Math.Abs(PositionError(cluster, room, elapsedShift)!.Value) <= tolerance.TotalSeconds;
    }

    /// <summary>
    /// How far (seconds) the room plays ahead of where it should be, or null when there is no position to compare
    /// (another song or play state, or stopped). <paramref name="elapsedShift"/> as for <see cref="PlaybackMatches"/>.
    /// </summary>
    public static double? PositionError(RoomState cluster, RoomState room, TimeSpan elapsedShift) =>
        cluster.State != room.State || cluster.SongPosition != room.SongPosition || cluster.State == "stop" ? null
            : room.ElapsedSeconds - (cluster.ElapsedSeconds + (cluster.IsPlaying ? elapsedShift.TotalSeconds : 0));

    /// <summary>
    /// Commands that leave a stopped room with no current song, as the cluster has, without changing its queue:
    /// MPD forgets the current song when it is deleted while stopped, and the same file goes back in its place.
    /// </summary>
    public static IReadOnlyList<string> ForgetCurrentSong(RoomState room)
    {
        var position = room.SongPosition.ToString(CultureInfo.InvariantCulture);
        return ["stop", $"delete {position}", new MpdRequest("addid", [room.Queue[room.SongPosition], position]).ToLine()];
    }

}

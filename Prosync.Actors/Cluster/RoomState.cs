using System.Globalization;
using Prosync.Actors.Protocol;

namespace Prosync.Actors.Cluster;

/// <summary>
/// The state of one room that the cluster keeps identical everywhere: queue, options, volume, outputs,
/// and playback. Read from <c>status</c>, <c>playlist</c> and <c>outputs</c>; compared and replayed by
/// <see cref="StateReconciler"/>.
/// </summary>
public sealed record RoomState
{
    public required IReadOnlyList<string> Queue { get; init; }
    public required IReadOnlyDictionary<string, string> Options { get; init; }
    /// <summary>-1 when the room has no mixer.</summary>
    public int Volume { get; init; } = -1;
    /// <summary>Output name → enabled.</summary>
    public required IReadOnlyDictionary<string, bool> Outputs { get; init; }
    /// <summary>Output name → this server's output id (ids differ per server).</summary>
    public required IReadOnlyDictionary<string, int> OutputIds { get; init; }
    public string State { get; init; } = "stop";
    /// <summary>Queue position of the current song, -1 if none.</summary>
    public int SongPosition { get; init; } = -1;
    public double ElapsedSeconds { get; init; }

    /// <summary>The options the cluster replays, by their <c>status</c> key (the command has the same name but for crossfade).</summary>
    public static IReadOnlyList<string> OptionKeys { get; } = ["repeat", "random", "single", "consume", "xfade"];

    public bool IsPlaying => State == "play";

    public static RoomState Parse(MpdResponse status, MpdResponse playlist, MpdResponse outputs)
    {
        var options = new Dictionary<string, string>();
        foreach (var key in OptionKeys)
            options[key] = status.Get(key) ?? "0";
        var names = new Dictionary<string, bool>();
        var ids = new Dictionary<string, int>();
        int? id = null;
        foreach (var (key, value) in outputs.Pairs)
        {
            if (key == "outputid") id = MpdValue.Int(value, -1);
            else if (key == "outputname" && id is { } outputId) ids[value] = outputId;
            else if (key == "outputenabled" && id is { } enabledId)
            {
                var name = ids.FirstOrDefault(p => p.Value == enabledId).Key;
                if (name is not null) names[name] = value == "1";
            }
        }
        return new RoomState
        {
            Queue = playlist.Lines.Select(FileOfPlaylistLine).ToList(),
            Options = options,
            Volume = MpdValue.Int(status.Get("volume"), -1),
            Outputs = names,
            OutputIds = ids,
            State = status.Get("state") ?? "stop",
            SongPosition = MpdValue.Int(status.Get("song"), -1),
            ElapsedSeconds = MpdValue.Double(status.Get("elapsed")),
        };
    }

    /// <summary><c>playlist</c> answers "N:file: path".</summary>
    public static string FileOfPlaylistLine(string line) =>
        line.IndexOf(":file: ", StringComparison.Ordinal) is var i and >= 0 ? line[(i + 7)..] : line;
}

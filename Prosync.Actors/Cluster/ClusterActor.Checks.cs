using System.Globalization;
using Akka.Actor;
using Prosync.Actors.Protocol;
using Prosync.Actors.Servers;

namespace Prosync.Actors.Cluster;

/// <summary>
/// Catches rooms that drift off without anyone noticing: a command applied by hand on one server,
/// a sound card running fast, each room picking its own next song with random on. Every few seconds,
/// and right after the primary changes song, each room's <c>status</c> is compared with the primary's
/// (queue length, song, state, options, volume, and position once read times are allowed for).
/// A room off in two checks in a row — or on another song right after a song change — is resynced.
/// </summary>
public sealed partial class ClusterActor
{
    /// <summary>The status keys a room must share with the primary, compared as they are; volume is compared apart, against the room's trimmed share.</summary>
    private static readonly string[] CheckedKeys = ["song", "state", "playlistlength", .. RoomState.OptionKeys];

    private readonly Dictionary<string, StatusRead> _checkReads = [];
    private readonly HashSet<string> _suspects = [];
    private long _checkTag;
    private bool _checkAfterSongChange;
    private long _writesStarted;
    private long _writesAtCheckStart;

    /// <summary>How long after the primary changes song the rooms are compared (they all change within a few ms).</summary>
    private static readonly TimeSpan SongCheckDelay = TimeSpan.FromMilliseconds(150);

    private void OnCheckTick(bool afterSongChange)
    {
        if (_checkTag != 0 || _inFlight is not null || _resync is not null || _correction is not null || _writes.Count > 0 || _primary is null)
        {
            // A song-change check is not dropped when busy: the periodic ones would take two rounds to act.
            if (afterSongChange && _primary is not null) ScheduleSongCheck();
            return;
        }
        var rooms = InSync.Select(s => s.Endpoint.Name).ToList();
        if (rooms.Count < 2) return;
        _checkTag = ++_nextTag;
        _checkAfterSongChange = afterSongChange;
        _writesAtCheckStart = _writesStarted;
        _checkReads.Clear();
        foreach (var room in rooms) _servers[room].Actor.Tell(new ReadStatus(_checkTag, Self));
        Timers.StartSingleTimer("check-timeout", new CheckTimedOut(_checkTag), TimeSpan.FromSeconds(1));
    }

    private void OnStatusRead(StatusRead read)
    {
        if (Current(read.Tag) is { Step: WriteOperation.Phase.ReadingNextSong } op)
        {
            OnNextSongRead(op, read);
            return;
        }
        if (read.Tag != _checkTag) return;
        if (read.Status is not null) _checkReads[read.Server] = read;
        // MPD 0.23 leaves volume out of status when the room has no mixer (older ones say -1).
        if (read.Status is { } status && _servers.TryGetValue(read.Server, out var entry))
            entry.HasMixer = status.Get("volume") is { } volume && MpdValue.Double(volume) >= 0;
        if (_checkReads.Count == InSync.Count()) CompleteCheck();
    }

    private void OnCheckTimedOut(CheckTimedOut timedOut)
    {
        if (timedOut.Tag == _checkTag) CompleteCheck();
    }

    private void CompleteCheck()
    {
        Timers.Cancel("check-timeout");
        _checkTag = 0;
        // A state change ran meanwhile: the readings may straddle it.
        if (_writesStarted != _writesAtCheckStart || _primary is null || !_checkReads.TryGetValue(_primary, out var primary))
        {
            if (_checkAfterSongChange) ScheduleSongCheck();
            return;
        }
        var now = new HashSet<string>();
        foreach (var (name, read) in _checkReads)
        {
            if (name == _primary) continue;
            var difference = Difference(primary, read);
            if (difference is null) continue;
            now.Add(name);
            var urgent = _checkAfterSongChange && difference.StartsWith("song", StringComparison.Ordinal);
            if (urgent || _suspects.Contains(name)) MarkDiverged(name, difference);
        }
        _suspects.Clear();
        _suspects.UnionWith(now);
    }

    private void ScheduleSongCheck() => Timers.StartSingleTimer("check-song", CheckTick.SongChanged, SongCheckDelay);

    /// <summary>What differs between the primary's status and a room's, or null if nothing does.</summary>
    private string? Difference(StatusRead primary, StatusRead room)
    {
        var p = primary.Status!;
        var r = room.Status!;
        var enabled = IsEnabled(room.Server);
        foreach (var key in CheckedKeys)
        {
            // A disabled room is stopped on purpose.
            if (!enabled && key is "song" or "state") continue;
            if (p.Get(key) != r.Get(key)) return $"{key} {r.Get(key) ?? "-"} instead of {p.Get(key) ?? "-"}";
        }
        var primaryVolume = MpdValue.Int(p.Get("volume"), -1);
        var roomVolume = MpdValue.Int(r.Get("volume"), -1);
        var wantedVolume = WantedVolume(room.Server, primaryVolume);
        if (roomVolume >= 0 && primaryVolume >= 0 && roomVolume != wantedVolume) return $"volume {roomVolume} instead of {wantedVolume}";
        if (!enabled) return r.Get("state") == "stop" ? null : $"state {r.Get("state")} while disabled";
        if (p.Get("state") != "play") return null;
        var shift = ExpectedShift(primary.Server, primary.ReceivedAt, room.Server, room.ReceivedAt).TotalSeconds;
        var drift = MpdValue.Double(r.Get("elapsed")) - (MpdValue.Double(p.Get("elapsed")) + shift);
        return Math.Abs(drift) > _options.DriftTolerance.TotalSeconds ? $"position {drift * 1000:0} ms off" : null;
    }
}

internal sealed record CheckTick(bool AfterSongChange)
{
    public static readonly CheckTick Periodic = new(false);
    public static readonly CheckTick SongChanged = new(true);
}

internal sealed record CheckTimedOut(long Tag);

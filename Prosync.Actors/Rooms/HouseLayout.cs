namespace Prosync.Actors.Rooms;

/// <summary>
/// Pure: the house's groups (MPD partitions) and where each room (MPD output) is, whether it plays, its trim,
/// and each group's volume. The default group always exists. Rooms keep their output id for life, so clients'
/// output ids stay valid across restarts and room changes.
/// </summary>
public sealed class HouseLayout
{
    public const string DefaultGroup = "default";

    private readonly List<string> _groups = [DefaultGroup];
    private readonly Dictionary<string, int?> _groupVolumes = new(StringComparer.Ordinal) { [DefaultGroup] = null };
    private readonly Dictionary<string, RoomPlacement> _rooms = new(StringComparer.Ordinal);

    /// <summary>Groups, in creation order; <see cref="DefaultGroup"/> first.</summary>
    public IReadOnlyList<string> Groups => _groups;

    /// <summary>Rooms in output-id order.</summary>
    public IEnumerable<(string Name, RoomPlacement Placement)> Rooms =>
        _rooms.Select(r => (r.Key, r.Value)).OrderBy(r => r.Value.OutputId);

    public bool HasGroup(string group) => _groupVolumes.ContainsKey(group);

    public bool HasRoom(string room) => _rooms.ContainsKey(room);

    public RoomPlacement? Room(string room) => _rooms.GetValueOrDefault(room);

    /// <summary>The room with this output id, if any.</summary>
    public string? RoomWithId(int outputId) => _rooms.FirstOrDefault(r => r.Value.OutputId == outputId).Key;

    /// <summary>Whether the group has a room (asked for every client command: no list built).</summary>
    public bool HasRooms(string group) => _rooms.Values.Any(r => r.Group == group);

    public IReadOnlyList<string> RoomsIn(string group) =>
        Rooms.Where(r => r.Placement.Group == group).Select(r => r.Name).ToList();

    /// <summary>The group's volume (0..100) as last set by a client; null while none was.</summary>
    public int? GroupVolume(string group) => _groupVolumes.GetValueOrDefault(group);

    /// <summary>MPD's partition name rule, as mpd 0.23 applies it: letters, digits, <c>_</c> and <c>-</c>.</summary>
    public static bool IsValidGroupName(string name) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');

    /// <summary>Adds a room (to the default group unless <paramref name="group"/> names an existing one), with the next free output id.</summary>
    public LayoutOutcome AddRoom(string room, string? group = null, bool enabled = true, double trim = 1, int? outputId = null)
    {
        if (_rooms.ContainsKey(room)) return LayoutOutcome.Unchanged;
        if (!RoomVolume.IsValidTrim(trim)) return LayoutOutcome.BadTrim;
        var id = outputId is { } wanted && wanted >= 0 && _rooms.Values.All(r => r.OutputId != wanted)
            ? wanted
            : _rooms.Count == 0 ? 0 : _rooms.Values.Max(r => r.OutputId) + 1;
        _rooms[room] = new RoomPlacement(id, group is not null && HasGroup(group) ? group : DefaultGroup, enabled, trim);
        return LayoutOutcome.Done;
    }

    public LayoutOutcome RemoveRoom(string room)
    {
        return _rooms.Remove(room) ? LayoutOutcome.Done : LayoutOutcome.NoSuchRoom;
    }

    public LayoutOutcome AddGroup(string group, int? volume = null)
    {
        if (!IsValidGroupName(group)) return LayoutOutcome.BadGroupName;
        if (HasGroup(group)) return LayoutOutcome.GroupExists;
        _groups.Add(group);
        _groupVolumes[group] = volume;
        return LayoutOutcome.Done;
    }

    public LayoutOutcome RemoveGroup(string group)
    {
        if (!HasGroup(group)) return LayoutOutcome.NoSuchGroup;
        if (group == DefaultGroup) return LayoutOutcome.DefaultGroup;
        if (_rooms.Values.Any(r => r.Group == group)) return LayoutOutcome.GroupHasRooms;
        _groups.Remove(group);
        _groupVolumes.Remove(group);
        return LayoutOutcome.Done;
    }

    public LayoutOutcome MoveRoom(string room, string group)
    {
        if (!_rooms.TryGetValue(room, out var placement)) return LayoutOutcome.NoSuchRoom;
        if (!HasGroup(group)) return LayoutOutcome.NoSuchGroup;
        if (placement.Group == group) return LayoutOutcome.Unchanged;
        _rooms[room] = placement with { Group = group };
        return LayoutOutcome.Done;
    }

    public LayoutOutcome SetEnabled(string room, bool enabled)
    {
        if (!_rooms.TryGetValue(room, out var placement)) return LayoutOutcome.NoSuchRoom;
        if (placement.Enabled == enabled) return LayoutOutcome.Unchanged;
        _rooms[room] = placement with { Enabled = enabled };
        return LayoutOutcome.Done;
    }

    public LayoutOutcome SetTrim(string room, double trim)
    {
        if (!_rooms.TryGetValue(room, out var placement)) return LayoutOutcome.NoSuchRoom;
        if (!RoomVolume.IsValidTrim(trim)) return LayoutOutcome.BadTrim;
        if (placement.Trim == trim) return LayoutOutcome.Unchanged;
        _rooms[room] = placement with { Trim = trim };
        return LayoutOutcome.Done;
    }

    public LayoutOutcome SetGroupVolume(string group, int volume)
    {
        if (!HasGroup(group)) return LayoutOutcome.NoSuchGroup;
        var clamped = Math.Clamp(volume, 0, 100);
        if (_groupVolumes[group] == clamped) return LayoutOutcome.Unchanged;
        _groupVolumes[group] = clamped;
        return LayoutOutcome.Done;
    }

    /// <summary>
    /// The layout for the configured rooms: rooms no longer configured are dropped, configured rooms the layout does
    /// not know go to the default group, playing, with their configured trim (1 if none).
    /// </summary>
    public void Reconcile(IEnumerable<(string Name, double? Trim)> configured)
    {
        var rooms = configured.ToList();
        foreach (var gone in _rooms.Keys.Where(n => rooms.All(r => r.Name != n)).ToList()) RemoveRoom(gone);
        foreach (var (name, trim) in rooms) AddRoom(name, trim: RoomVolume.TrimOrFull(trim));
    }
}

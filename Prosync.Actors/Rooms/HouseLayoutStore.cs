using System.Text.Json;
using Prosync.Actors.State;

namespace Prosync.Actors.Rooms;

/// <summary>
/// Keeps the <see cref="HouseLayout"/> in a small JSON file across proxy restarts: groups with their volumes,
/// and each room's output id, group, enabled flag and trim. Written whole to a temporary file, then renamed over,
/// so a crash mid-write never leaves half a layout.
/// </summary>
public sealed class HouseLayoutStore(string path)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public string Path { get; } = path;

    /// <summary>The stored layout, or a fresh one when there is no file yet.</summary>
    /// <exception cref="InvalidDataException">The file is not a layout (the message says where).</exception>
    public HouseLayout Load()
    {
        var layout = new HouseLayout();
        if (!File.Exists(Path)) return layout;
        LayoutFile? file;
        try
        {
            file = JsonSerializer.Deserialize<LayoutFile>(File.ReadAllText(Path), Json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{Path} is not a Prosync rooms state file: {e.Message}", e);
        }
        foreach (var group in file?.Groups ?? [])
        {
            if (group.Name == HouseLayout.DefaultGroup)
            {
                if (group.Volume is { } v) layout.SetGroupVolume(HouseLayout.DefaultGroup, v);
            }
            else if (group.Name is not null) layout.AddGroup(group.Name, group.Volume is { } v ? Math.Clamp(v, 0, 100) : null);
        }
        foreach (var room in file?.Rooms ?? [])
            if (room.Name is not null)
                layout.AddRoom(room.Name, room.Group, room.Enabled, RoomVolume.TrimOrFull(room.Trim), room.OutputId);
        return layout;
    }

    /// <summary>Writes the layout now (blocking: tests, and the proxy's start).</summary>
    public void Save(HouseLayout layout) => Write(Serialize(layout));

    /// <summary>The layout as the file holds it: taken in the actor, written elsewhere with <see cref="Write"/>.</summary>
    public static string Serialize(HouseLayout layout)
    {
        var file = new LayoutFile(
            layout.Groups.Select(g => new GroupEntry(g, layout.GroupVolume(g))).ToList(),
            layout.Rooms.Select(r => new RoomEntry(r.Name, r.Placement.OutputId, r.Placement.Group, r.Placement.Enabled, r.Placement.Trim)).ToList());
        return JsonSerializer.Serialize(file, Json);
    }

    public void Write(string json) => AtomicFile.WriteAllText(Path, json);

    private sealed record LayoutFile(List<GroupEntry>? Groups, List<RoomEntry>? Rooms);

    private sealed record GroupEntry(string? Name, int? Volume);

    private sealed record RoomEntry(string? Name, int OutputId, string? Group, bool Enabled = true, double Trim = 1);
}

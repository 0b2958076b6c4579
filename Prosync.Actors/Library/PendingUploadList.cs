using System.Text.Json;
using Prosync.Actors.Cluster;

namespace Prosync.Actors.Library;

/// <summary>
/// Pure: the uploads rooms still wait for (they were down), each with its staged file and the rooms that wait for it, and
/// their JSON form. Not thread-safe (<see cref="PendingUploadStore"/> guards it). An upload is told apart by its staged
/// file: each group stores its own copy of one upload, so one upload id can be here more than once.
/// </summary>
public sealed class PendingUploadList
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    private readonly List<(UploadFile Upload, SortedSet<string> Rooms)> _entries = [];

    /// <summary>Every upload some room waits for.</summary>
    public IReadOnlyList<UploadFile> Uploads => [.. _entries.Select(e => e.Upload)];

    /// <summary>
    /// <paramref name="rooms"/> wait for <paramref name="upload"/> (added to those that waited already), and no longer for
    /// an older upload of the same path: returns the uploads no room waits for any more (their files can go).
    /// </summary>
    public IReadOnlyList<UploadFile> Add(UploadFile upload, IEnumerable<string> rooms)
    {
        var waiting = rooms.ToList();
        foreach (var older in _entries.Where(e => e.Upload.Path == upload.Path && e.Upload.StagedFile != upload.StagedFile))
            older.Rooms.ExceptWith(waiting);
        if (Find(upload) is { } entry) entry.Rooms.UnionWith(waiting);
        else _entries.Add((upload, new SortedSet<string>(waiting, StringComparer.Ordinal)));
        var unwanted = _entries.Where(e => e.Rooms.Count == 0 && e.Upload.StagedFile != upload.StagedFile).Select(e => e.Upload).ToList();
        _entries.RemoveAll(e => e.Rooms.Count == 0);
        return unwanted;
    }

    /// <summary>What <paramref name="room"/> waits for, oldest first.</summary>
    public IReadOnlyList<UploadFile> For(string room) => [.. _entries.Where(e => e.Rooms.Contains(room)).Select(e => e.Upload)];

    /// <summary>The rooms that wait for <paramref name="upload"/> (none when it is not here).</summary>
    public IReadOnlyList<string> RoomsFor(UploadFile upload) => Find(upload) is { } entry ? [.. entry.Rooms] : [];

    /// <summary><paramref name="room"/> has the upload now. True when no room waits for it any more: its staged file can go.</summary>
    public bool Delivered(string room, UploadFile upload)
    {
        if (Find(upload) is not { } entry) return false;
        entry.Rooms.Remove(room);
        if (entry.Rooms.Count > 0) return false;
        _entries.Remove(entry);
        return true;
    }

    /// <summary>Rooms that are gone (removed from the house) wait for nothing; returns the uploads no room waits for any more.</summary>
    public IReadOnlyList<UploadFile> ForgetRooms(Func<string, bool> gone)
    {
        foreach (var entry in _entries) entry.Rooms.RemoveWhere(r => gone(r));
        var unwanted = _entries.Where(e => e.Rooms.Count == 0).Select(e => e.Upload).ToList();
        _entries.RemoveAll(e => e.Rooms.Count == 0);
        return unwanted;
    }

    /// <summary>Uploads whose staged file is gone cannot be delivered: they leave the list (returned, to be said).</summary>
    public IReadOnlyList<UploadFile> ForgetUploads(Func<UploadFile, bool> gone)
    {
        var lost = _entries.Where(e => gone(e.Upload)).Select(e => e.Upload).ToList();
        _entries.RemoveAll(e => gone(e.Upload));
        return lost;
    }

    /// <summary>The list as its file holds it: staged files by name, relative to <paramref name="directory"/>.</summary>
    public string ToJson(string directory) => JsonSerializer.Serialize(new ListFile([.. _entries.Select(e => new Entry(e.Upload.Id,
        e.Upload.Path, System.IO.Path.GetRelativePath(directory, e.Upload.StagedFile), e.Upload.Bytes, e.Upload.Sha256, [.. e.Rooms]))]), Json);

    /// <summary>The list from its file; staged files are in <paramref name="directory"/>.</summary>
    /// <exception cref="InvalidDataException">The text is not such a list.</exception>
    public static PendingUploadList FromJson(string json, string directory)
    {
        ListFile? file;
        try
        {
            file = JsonSerializer.Deserialize<ListFile>(json, Json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"not a list of pending uploads: {e.Message}", e);
        }
        var list = new PendingUploadList();
        foreach (var entry in file?.Uploads ?? [])
        {
            // A file name only: the list never points outside its directory.
            if (entry.Path is null || entry.File is null || entry.Sha256 is null || entry.File != System.IO.Path.GetFileName(entry.File)) continue;
            var upload = new UploadFile(entry.Path, System.IO.Path.Combine(directory, entry.File), entry.Bytes, entry.Sha256) { Id = entry.Id };
            list.Add(upload, (entry.Rooms ?? []).OfType<string>());
        }
        return list;
    }

    private (UploadFile Upload, SortedSet<string> Rooms)? Find(UploadFile upload)
    {
        foreach (var entry in _entries)
            if (entry.Upload.StagedFile == upload.StagedFile)
                return entry;
        return null;
    }

    private sealed record ListFile(List<Entry>? Uploads);

    private sealed record Entry(Guid Id, string? Path, string? File, long Bytes, string? Sha256, List<string?>? Rooms);
}

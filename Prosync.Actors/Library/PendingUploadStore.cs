using Prosync.Actors.Cluster;
using Prosync.Actors.State;

namespace Prosync.Actors.Library;

/// <summary>
/// Keeps the uploads rooms still wait for across proxy restarts: each staged file in <see cref="Directory"/>, and the list
/// of which rooms wait for which (<see cref="ListFile"/>, JSON, written whole to a temporary file and renamed over, as
/// the rooms' layout is). One per house, shared by its groups: a room waits for its uploads whatever group it is in. The
/// list in memory changes at once; the files are written off the caller's thread, one write after another, newest last.
/// A staged file is deleted once no room waits for it, after the list that no longer names it is written.
/// </summary>
public sealed class PendingUploadStore
{
    private readonly object _gate = new();
    private readonly PendingUploadList _list;
    private Task _writing = Task.CompletedTask;

    private PendingUploadStore(string directory, PendingUploadList list)
    {
        Directory = directory;
        _list = list;
    }

    /// <summary>Where the staged files and the list are.</summary>
    public string Directory { get; }

    public string ListFile => Path.Combine(Directory, "pending.json");

    /// <summary>
    /// Opens the store (blocking: the proxy's start; the directory is made when a first upload is kept). Rooms not among
    /// <paramref name="rooms"/> any more wait for nothing; an upload whose staged file is gone is dropped (in
    /// <paramref name="lost"/>); a staged file the list does not name (a crash between a move and a write) is deleted.
    /// </summary>
    /// <exception cref="InvalidDataException">The list is not one (the message says where).</exception>
    public static PendingUploadStore Open(string directory, IReadOnlyCollection<string> rooms, out IReadOnlyList<UploadFile> lost)
    {
        directory = Path.GetFullPath(directory);
        lost = [];
        if (!System.IO.Directory.Exists(directory)) return new PendingUploadStore(directory, new PendingUploadList());
        var listFile = Path.Combine(directory, "pending.json");
        PendingUploadList list;
        try
        {
            list = File.Exists(listFile) ? PendingUploadList.FromJson(File.ReadAllText(listFile), directory) : new PendingUploadList();
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{listFile}: {e.Message}", e);
        }
        var configured = rooms.ToHashSet(StringComparer.Ordinal);
        list.ForgetRooms(r => !configured.Contains(r));
        lost = list.ForgetUploads(u => !File.Exists(u.StagedFile));
        var store = new PendingUploadStore(directory, list);
        store.WriteList(list.ToJson(directory));
        var named = list.Uploads.Select(u => u.StagedFile).ToHashSet(StringComparer.Ordinal);
        foreach (var file in System.IO.Directory.EnumerateFiles(directory))
        {
            if (!IsStagedName(Path.GetFileName(file)) || named.Contains(file)) continue;
            try
            {
                File.Delete(file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A stray file takes room, nothing more: the next start tries again.
            }
        }
        return store;
    }

    /// <summary>True when <paramref name="upload"/>'s staged file is one of this store's (the store deletes it, not the group).</summary>
    public bool Holds(UploadFile upload) => Path.GetDirectoryName(upload.StagedFile) == Directory;

    /// <summary>What <paramref name="room"/> waits for.</summary>
    public IReadOnlyList<UploadFile> For(string room)
    {
        lock (_gate) return _list.For(room);
    }

    /// <summary>
    /// <paramref name="rooms"/> wait for <paramref name="upload"/> (instead of an older upload of its path): its staged file is moved here (a copy when the staging
    /// directory is on another file system) and the list written. Returns the upload as kept here, or, when the file
    /// could not be moved, the upload as it was and why (the rooms then wait for it in the proxy's memory only).
    /// </summary>
    public async Task<(UploadFile Upload, string? Error)> KeepAsync(UploadFile upload, IReadOnlyCollection<string> rooms)
    {
        var kept = upload;
        if (!Holds(upload))
        {
            kept = upload with { StagedFile = Path.Combine(Directory, $"{upload.Id:N}-{Guid.NewGuid():N}") };
            try
            {
                await Task.Run(() =>
                {
                    System.IO.Directory.CreateDirectory(Directory);
                    File.Move(upload.StagedFile, kept.StagedFile);
                });
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return (upload, $"the staged file could not be kept in {Directory}: {e.Message}");
            }
        }
        Task<string?> written;
        lock (_gate)
        {
            var superseded = _list.Add(kept, rooms);
            written = Enqueue(_list.ToJson(Directory), [.. superseded.Select(u => u.StagedFile)]);
        }
        return (kept, await written);
    }

    /// <summary><paramref name="room"/> has <paramref name="upload"/>; its staged file goes once no room waits for it. Answers the write's error, if any.</summary>
    public Task<string?> DeliveredAsync(string room, UploadFile upload)
    {
        lock (_gate)
        {
            var last = _list.Delivered(room, upload);
            return Enqueue(_list.ToJson(Directory), last ? [upload.StagedFile] : null);
        }
    }

    /// <summary>A room removed from the house waits for nothing; files no room waits for any more go.</summary>
    public Task<string?> ForgetRoomAsync(string room)
    {
        lock (_gate)
        {
            if (_list.For(room).Count == 0) return Task.FromResult<string?>(null);
            var unwanted = _list.ForgetRooms(r => r == room);
            return Enqueue(_list.ToJson(Directory), [.. unwanted.Select(u => u.StagedFile)]);
        }
    }

    /// <summary>Waits for the writes asked so far (the proxy's stop).</summary>
    public bool Flush(TimeSpan within)
    {
        Task writing;
        lock (_gate) writing = _writing;
        return writing.Wait(within);
    }

    /// <summary>Called under the lock, so the writes run in the order the list changed.</summary>
    private Task<string?> Enqueue(string json, IReadOnlyList<string>? delete)
    {
        var next = _writing.ContinueWith(_ =>
        {
            try
            {
                WriteList(json);
                foreach (var file in delete ?? []) File.Delete(file);
                return null;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return $"could not keep the pending uploads in {Directory}: {e.Message}";
            }
        }, TaskScheduler.Default);
        _writing = next;
        return next;
    }

    /// <summary>The names this store gives staged files (<c>{upload id}-{guid}</c>, both 32 hex digits): only those are its to delete.</summary>
    private static bool IsStagedName(string name) =>
        name.Length == 65 && name[32] == '-' && name.Remove(32, 1).All(char.IsAsciiHexDigitLower);

    private void WriteList(string json) => AtomicFile.WriteAllText(ListFile, json);
}

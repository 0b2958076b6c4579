using System.Security.Cryptography;
using Prosync.Actors.Library;
using static Prosync.Actors.Tests.TestKit.LibraryFacts;

namespace Prosync.Actors.Tests.Library;

/// <summary>The file side of a local room (no MPD needed): write aside, verify, rename; list; read from an offset.</summary>
public sealed class LocalDirectoryRoomFilesTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "prosync-roomfiles-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    private LocalDirectoryRoomFiles Files => new(_root, "127.0.0.1", 1);

    [Fact]
    public async Task A_verified_file_lands_in_place_with_its_directories_and_is_listed_and_readable_from_an_offset()
    {
        var data = RandomNumberGenerator.GetBytes(200_000);
        await Files.WriteAsync("New Album/01 Track.flac", new MemoryStream(data), Sha(data), CancellationToken.None);

        Assert.Equal(data, await File.ReadAllBytesAsync(Path.Combine(_root, "New Album", "01 Track.flac")));
        Assert.Equal(["New Album/01 Track.flac"], await Files.ListAsync(CancellationToken.None));
        Assert.Equal(new RoomFileInfo("New Album/01 Track.flac", data.Length, Sha(data)),
            await Files.GetInfoAsync("New Album/01 Track.flac", CancellationToken.None));
        await using var stream = await Files.OpenReadAsync("New Album/01 Track.flac", 150_000, CancellationToken.None);
        var rest = new MemoryStream();
        await stream.CopyToAsync(rest);
        Assert.Equal(data[150_000..], rest.ToArray());
    }

    [Fact]
    public async Task A_checksum_mismatch_stores_nothing_and_leaves_no_part_file()
    {
        var data = RandomNumberGenerator.GetBytes(1000);
        var error = await Assert.ThrowsAsync<InvalidDataException>(() =>
            Files.WriteAsync("x.flac", new MemoryStream(data), new string('0', 64), CancellationToken.None));
        Assert.Contains("checksum mismatch", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories));
        Assert.Empty(await Files.ListAsync(CancellationToken.None));
        Assert.Null(await Files.GetInfoAsync("x.flac", CancellationToken.None));
    }

    [Fact]
    public async Task A_path_outside_the_music_directory_is_refused_before_anything_is_written()
    {
        await Assert.ThrowsAsync<ArgumentException>(() =>
            Files.WriteAsync("../escape.flac", new MemoryStream([1]), Sha([1]), CancellationToken.None));
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(_root)!, "escape.flac")));
    }
}

using Prosync.Actors.Library;
using Prosync.Actors.Library.Selection;

namespace Prosync.Actors.Tests.Library;

/// <summary>Copies between rooms without MPD: what a failure reports (the room's MPD is unreachable here, on purpose).</summary>
public sealed class FileTransferTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "prosync-transfer-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    private IRoomFiles Room(string name)
    {
        Directory.CreateDirectory(Path.Combine(_root, name));
        return new LocalDirectoryRoomFiles(Path.Combine(_root, name), "127.0.0.1", 1); // nothing listens on port 1
    }

    [Fact]
    public async Task A_copy_marks_its_source_and_target_busy_while_it_runs_and_feeds_its_bytes_to_the_source_measurement()
    {
        var rooms = new Dictionary<string, IRoomFiles?> { ["a"] = Room("a"), ["b"] = Room("b") };
        var song = new byte[600_000];
        Random.Shared.NextBytes(song);
        await File.WriteAllBytesAsync(Path.Combine(_root, "a", "x.flac"), song);
        await File.WriteAllBytesAsync(Path.Combine(_root, "a", "cover.png"), [1, 2, 3]);
        var measurements = new ReplicaMeasurements();
        var busy = new List<string>();
        // b's MPD is unreachable: the file reaches b (a transfer to measure), its database update fails.
        await FileTransfer.RunAsync([new FileCopy("x.flac", ["a"], ["b"]), new FileCopy("cover.png", ["a"], ["b"])],
            r => rooms[r], CancellationToken.None, new Spy(measurements, busy));

        Assert.Equal(song, await File.ReadAllBytesAsync(Path.Combine(_root, "b", "x.flac")));
        var a = measurements.Get("a")!;
        Assert.Equal(1, a.CopySamples); // the song, not the 3-byte cover
        Assert.NotNull(a.ThroughputBytesPerSecond);
        Assert.Equal("local", a.Method);
        Assert.Null(measurements.Get("b")?.ThroughputBytesPerSecond);
        Assert.False(measurements.IsTransferring("a") || measurements.IsTransferring("b"));
        Assert.Contains("a,b busy while a was read", busy);
    }

    /// <summary>The real measurements, and whether both rooms were marked busy when the copy's bytes were recorded.</summary>
    private sealed class Spy(ReplicaMeasurements measurements, List<string> seen) : ITransferMeter
    {
        public IDisposable BeginTransfer(string replica) => measurements.BeginTransfer(replica);

        public void RecordCopy(string replica, string method, long bytes, TimeSpan elapsed)
        {
            if (measurements.IsTransferring("a") && measurements.IsTransferring("b")) lock (seen) seen.Add($"a,b busy while {replica} was read");
            measurements.RecordCopy(replica, method, bytes, elapsed);
        }
    }

    [Fact]
    public async Task Each_failed_file_and_room_is_reported_with_the_reason_of_the_last_source_tried()
    {
        var rooms = new Dictionary<string, IRoomFiles?> { ["a"] = Room("a"), ["b"] = Room("b"), ["c"] = null };
        await File.WriteAllBytesAsync(Path.Combine(_root, "a", "x.flac"), [1, 2, 3]);

        var failures = await FileTransfer.RunAsync(
            [new FileCopy("x.flac", ["a"], ["b", "c"]), new FileCopy("y.flac", ["a"], ["b"])], r => rooms[r], CancellationToken.None);

        Assert.Equal(3, failures.Count);
        // b received x.flac (checksum verified) but its MPD could not be asked to update.
        Assert.Equal([1, 2, 3], await File.ReadAllBytesAsync(Path.Combine(_root, "b", "x.flac")));
        Assert.Contains(failures, f => f is { Path: "x.flac", Target: "b" } && f.Reason.StartsWith("from a: ", StringComparison.Ordinal));
        Assert.Contains(new CopyFailure("x.flac", "c", "no file access"), failures);
        Assert.Contains(failures, f => f is { Path: "y.flac", Target: "b" } && f.Reason.Contains("y.flac is not at", StringComparison.Ordinal));
        Assert.Equal("x.flac could not be copied to c (no file access)", new CopyFailure("x.flac", "c", "no file access").ToString());
    }
}

namespace Prosync.Actors.Library.Selection;

/// <summary>
/// Pure: whether a real copy is big enough to be a throughput sample, and its rate. A small file is over before the
/// link's rate shows (its time is mostly the first round trip, opening files, TCP's slow start); 256 KiB is about four
/// of the copy's 64 KiB reads, and an eighth of the prober's own 2 MiB sample. Every song is bigger; cover images are not.
/// </summary>
public static class TransferSample
{
    public const long MinimumBytes = 256 * 1024;

    /// <summary>The copy's rate in bytes per second, or null when it is too small or its time is not positive.</summary>
    public static double? BytesPerSecond(long bytes, TimeSpan elapsed) =>
        bytes >= MinimumBytes && elapsed > TimeSpan.Zero ? bytes / elapsed.TotalSeconds : null;
}

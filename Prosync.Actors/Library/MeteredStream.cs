using System.Diagnostics;

namespace Prosync.Actors.Library;

/// <summary>
/// A read-only stream over another that counts the bytes read and times them, from when it is made (the source is open,
/// its round trip done) to the end of its content, and reports the count as it goes: a copy's rate as the source
/// delivered it (paced by the target, so it is the rate of that copy, end to end) and its progress.
/// </summary>
public sealed class MeteredStream(Stream inner, Action<long>? progress = null) : Stream
{
    private readonly long _started = Stopwatch.GetTimestamp();
    private long _ended;

    /// <summary>Bytes read so far.</summary>
    public long Bytes { get; private set; }

    /// <summary>True once the content was read to its end.</summary>
    public bool Ended => _ended != 0;

    /// <summary>From the stream's making to the end of its content (or to now, before the end).</summary>
    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(_started, Ended ? _ended : Stopwatch.GetTimestamp());

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => Bytes;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));

    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Count(await inner.ReadAsync(buffer.AsMemory(offset, count), cancellationToken));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer, cancellationToken));

    private int Count(int read)
    {
        if (read > 0)
        {
            Bytes += read;
            progress?.Invoke(Bytes);
        }
        else if (!Ended)
        {
            _ended = Stopwatch.GetTimestamp();
        }
        return read;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync();
        await base.DisposeAsync();
    }
}

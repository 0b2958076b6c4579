using System.Security.Cryptography;
using Prosync.Actors.Library;

namespace Prosync.Actors.Tests.Library;

public sealed class HashingCopyTests
{
    [Theory]
    [InlineData(0, 65_536)]
    [InlineData(1, 65_536)]
    [InlineData(65_536, 65_536)]   // exactly one buffer
    [InlineData(65_537, 65_536)]   // one byte over
    [InlineData(200_000, 65_536)]
    [InlineData(200_000, 1_000)]   // a network body arrives in short reads
    public async Task The_copy_is_byte_for_byte_and_its_checksum_is_that_of_the_bytes(int size, int readsOf)
    {
        var data = RandomNumberGenerator.GetBytes(size);
        var to = new MemoryStream();
        var reported = new List<long>();

        var (bytes, sha256) = await HashingCopy.CopyAsync(new ShortReads(data, readsOf), to, reported.Add, CancellationToken.None);

        Assert.Equal(size, bytes);
        Assert.Equal(data, to.ToArray());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(data)), sha256);
        Assert.Equal(reported.Order(), reported);
        Assert.Equal(size == 0 ? [] : [size], reported.TakeLast(1));
    }

    [Fact]
    public async Task A_cancelled_copy_stops_with_the_cancellation()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            HashingCopy.CopyAsync(new MemoryStream(new byte[10]), new MemoryStream(), cancelled.Token));
    }

    /// <summary>Gives at most <paramref name="most"/> bytes per read, as a socket does.</summary>
    private sealed class ShortReads(byte[] data, int most) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
            => base.ReadAsync(buffer[..Math.Min(most, buffer.Length)], cancellationToken);
    }
}

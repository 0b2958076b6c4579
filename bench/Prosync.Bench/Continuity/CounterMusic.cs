using System.Buffers.Binary;

namespace Prosync.Bench.Continuity;

/// <summary>
/// Test songs whose samples are their own position: 44100 Hz, 16-bit stereo WAV where frame f of song s has
/// left = f &amp; 0xffff and right = (f &gt;&gt; 16) | (s &lt;&lt; 9). MPD passes them bit-exact to a pipe output
/// (same format, mixer none), so <c>ppm_sink.py</c> can log which frame sounds when: the audible truth.
/// </summary>
public static class CounterMusic
{
    public const int Rate = 44100;

    public const int LongSong = 1;

    public const int LongSeconds = 700; // frame >> 16 must fit 9 bits

    /// <summary>Short songs for gapless boundaries: lengths in 10 ms steps (ms-exact in MPD's duration) that are no multiple of a chunk.</summary>
    public static readonly int[] ShortMs = [5010, 5230, 4870, 5120, 4990, 5340, 5070, 4910, 5180, 5260, 4830, 5050];

    public static string LongFile => "long.wav";

    public static string ShortFile(int i) => $"short{i:00}.wav";

    public static int ShortSong(int i) => 10 + i;

    public static string Ensure(string root)
    {
        var music = Path.Combine(root, "music-v1");
        if (Directory.Exists(music))
        {
            return music;
        }

        var staging = music + ".tmp";
        Directory.CreateDirectory(staging);
        Write(Path.Combine(staging, LongFile), LongSong, LongSeconds * Rate);
        for (var i = 0; i < ShortMs.Length; i++)
        {
            Write(Path.Combine(staging, ShortFile(i)), ShortSong(i), ShortMs[i] * Rate / 1000);
        }

        Directory.Move(staging, music);
        return music;
    }

    private static void Write(string path, int song, int frames)
    {
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        var header = new byte[44];
        var dataBytes = frames * 4;
        "RIFF"u8.CopyTo(header);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(4), 36 + dataBytes);
        "WAVEfmt "u8.CopyTo(header.AsSpan(8));
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(16), 16);
        BinaryPrimitives.WriteInt16LittleEndian(header.AsSpan(20), 1);
        BinaryPrimitives.WriteInt16LittleEndian(header.AsSpan(22), 2);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(24), Rate);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(28), Rate * 4);
        BinaryPrimitives.WriteInt16LittleEndian(header.AsSpan(32), 4);
        BinaryPrimitives.WriteInt16LittleEndian(header.AsSpan(34), 16);
        "data"u8.CopyTo(header.AsSpan(36));
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(40), dataBytes);
        file.Write(header);
        var buffer = new byte[4 * 65536];
        for (var f0 = 0; f0 < frames; f0 += 65536)
        {
            var n = Math.Min(65536, frames - f0);
            for (var k = 0; k < n; k++)
            {
                var f = f0 + k;
                BinaryPrimitives.WriteUInt16LittleEndian(buffer.AsSpan(k * 4), (ushort)(f & 0xffff));
                BinaryPrimitives.WriteUInt16LittleEndian(buffer.AsSpan((k * 4) + 2), (ushort)((f >> 16) | (song << 9)));
            }

            file.Write(buffer, 0, n * 4);
        }
    }
}

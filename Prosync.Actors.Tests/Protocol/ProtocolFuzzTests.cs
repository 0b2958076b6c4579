using System.Buffers;
using System.Text;
using Prosync.Actors.Protocol;

namespace Prosync.Actors.Tests.Protocol;

/// <summary>
/// Hostile bytes into every reader: random garbage and valid frames with bytes flipped, dropped, duplicated
/// or cut. The readers may reject (MpdProtocolException for a server stream; a false or an error for a client
/// line) but must never throw anything else, loop, or read past what they were given. Seeded, so a failure
/// is reproducible from the iteration printed in its message.
/// </summary>
public class ProtocolFuzzTests
{
    private const int Iterations = 20_000;

    private static readonly byte[][] RequestSeeds =
    [
        "status\n"u8.ToArray(), "find \"(Artist == \\\"Zoë\\\")\" sort Title\n"u8.ToArray(),
        "command_list_ok_begin\nplay 3\nsetvol 40\ncommand_list_end\n"u8.ToArray(), "idle player mixer\nnoidle\n"u8.ToArray(),
        "albumart \"A/B/01 x.flac\" 8192\n"u8.ToArray(),
    ];

    [Fact]
    public void Request_readers_survive_random_and_mutated_input()
    {
        var random = new Random(1);
        var parsed = 0;
        for (var i = 0; i < Iterations; i++)
        {
            var input = i % 2 == 0 ? RandomBytes(random, 300) : Mutate(random, RequestSeeds[random.Next(RequestSeeds.Length)]);
            try
            {
                var reader = new SequenceReader<byte>(Segments.Split(input, random.Next(input.Length + 1)));
                var lines = 0;
                while (RequestLineReader.TryReadLine(ref reader, out var line, out var status))
                {
                    Assert.True(++lines <= input.Length, "more lines than bytes");
                    if (status == LineStatus.TooLong) break;
                    if (RequestParser.TryParse(line, out var request, out var error, out _)) parsed++;
                    if (request is not null) RequestParser.TryParse(request.ToLine(), out _, out _);
                    _ = error?.ToString();
                }
            }
            catch (Exception ex)
            {
                throw new Xunit.Sdk.XunitException($"iteration {i}: {ex.GetType().Name}: {ex.Message} on {Convert.ToHexString(input)}");
            }
        }
        Assert.True(parsed > Iterations / 4, $"only {parsed} commands parsed: the fuzzing never got past the first check");
    }

    [Fact]
    public void Response_reader_survives_random_and_mutated_server_output()
    {
        var random = new Random(2);
        var seeds = ResponseSamples.All.Select(s => s.Frame).ToArray();
        var parsed = 0;
        for (var i = 0; i < Iterations; i++)
        {
            var input = i % 3 == 0 ? RandomBytes(random, 400) : Mutate(random, seeds[random.Next(seeds.Length)]);
            try
            {
                var reader = new SequenceReader<byte>(Segments.Split(input, random.Next(input.Length + 1)));
                long scanned = 0;
                var responses = 0;
                while (ResponseReader.TryRead(ref reader, ref scanned, out var response))
                {
                    Assert.True(++responses <= input.Length, "more responses than bytes");
                    parsed++;
                    Assert.True(reader.Consumed <= input.Length);
                    var output = new ArrayBufferWriter<byte>();
                    ResponseWriter.Write(output, response);
                }
            }
            catch (MpdProtocolException)
            {
                // Rejecting a stream that cannot be MPD's is the documented outcome.
            }
            catch (Exception ex)
            {
                throw new Xunit.Sdk.XunitException($"iteration {i}: {ex.GetType().Name}: {ex.Message} on {Convert.ToHexString(input)}");
            }
        }
        Assert.True(parsed > Iterations / 10, $"only {parsed} responses parsed: the fuzzing never got past the first check");
    }

    private static byte[] RandomBytes(Random random, int maxLength)
    {
        var bytes = new byte[random.Next(maxLength)];
        random.NextBytes(bytes);
        // Sprinkle protocol-shaped tokens so the readers get past their first check now and then.
        foreach (var token in new[] { "\n", "OK\n", "binary: ", "ACK [", "list_OK\n", "\"", "\\" })
            if (bytes.Length > 8 && random.Next(3) == 0)
                Encoding.ASCII.GetBytes(token).CopyTo(bytes, random.Next(bytes.Length - token.Length));
        return bytes;
    }

    private static byte[] Mutate(Random random, byte[] seed)
    {
        var bytes = seed.ToList();
        for (var n = random.Next(1, 4); n > 0 && bytes.Count > 0; n--)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(5))
            {
                case 0: bytes[at] = (byte)random.Next(256); break;
                case 1: bytes.RemoveAt(at); break;
                case 2: bytes.InsertRange(at, bytes.GetRange(at, Math.Min(8, bytes.Count - at))); break;
                case 3: bytes.RemoveRange(at, bytes.Count - at); break;
                default: bytes.InsertRange(at, Encoding.ASCII.GetBytes(random.Next(2) == 0 ? "binary: 99999\n" : "\n")); break;
            }
        }
        return [.. bytes];
    }
}

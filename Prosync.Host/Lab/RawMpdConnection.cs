using System.Globalization;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Prosync.Host.Lab;

/// <summary>
/// A minimal MPD protocol client for asserting server state: one connection per call, raw lines in,
/// raw response text out. Counts bytes for binary payloads instead of scanning for lines.
/// </summary>
public static class RawMpdConnection
{
    public static async Task<string> SendAsync(string host, int port, string commandLines, TimeSpan timeout, CancellationToken ct)
    {
        var commands = commandLines.Split('\n')
            .Select(l => l.TrimEnd('\r'))
            .Where(l => l.Trim().Length > 0)
            .ToList();
        var expected = ExpectedResponses(commands, out var closes);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        using var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync(host, port, deadline.Token).ConfigureAwait(false);
        var stream = client.GetStream();
        var reader = new Reader(stream);
        var greeting = await reader.ReadLineAsync(deadline.Token).ConfigureAwait(false)
            ?? throw new IOException("connection closed before the greeting");
        if (!greeting.StartsWith("OK MPD ", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"not an MPD greeting: {greeting}");
        }

        var request = Encoding.UTF8.GetBytes(string.Concat(commands.Select(c => c + "\n")));
        await stream.WriteAsync(request, deadline.Token).ConfigureAwait(false);

        var response = new StringBuilder();
        var done = 0;
        while (done < expected || closes)
        {
            var line = await reader.ReadLineAsync(deadline.Token).ConfigureAwait(false);
            if (line is null)
            {
                break; // closed: after "close", or the server dropped us
            }

            if (line.StartsWith("binary: ", StringComparison.Ordinal))
            {
                var length = int.Parse(line.AsSpan(8), NumberStyles.None, CultureInfo.InvariantCulture);
                var payload = await reader.ReadExactlyAsync(length + 1, deadline.Token).ConfigureAwait(false);
                if (payload[^1] != (byte)'\n')
                {
                    throw new InvalidDataException("binary payload not followed by a newline");
                }

                var hash = Convert.ToHexString(SHA256.HashData(payload.AsSpan(0, length))).ToLowerInvariant();
                response.Append(line).Append('\n')
                    .Append(CultureInfo.InvariantCulture, $"<binary {length} bytes sha256={hash}>").Append('\n');
                continue;
            }

            response.Append(line).Append('\n');
            if (line == "OK" || line.StartsWith("ACK ", StringComparison.Ordinal))
            {
                done++;
            }
        }

        return response.ToString();
    }

    private static int ExpectedResponses(IReadOnlyList<string> commands, out bool closes)
    {
        var expected = 0;
        var inList = false;
        closes = false;
        foreach (var command in commands)
        {
            var verb = command.Trim().Split(' ', '\t')[0];
            if (inList)
            {
                if (verb == "command_list_end")
                {
                    inList = false;
                    expected++;
                }

                continue;
            }

            switch (verb)
            {
                case "command_list_begin" or "command_list_ok_begin":
                    inList = true;
                    break;
                case "noidle":
                    break; // ends a pending idle (which we counted) or is ignored
                case "close":
                    closes = true;
                    return expected;
                default:
                    expected++;
                    break;
            }
        }

        return expected;
    }

    /// <summary>Buffered reads over the socket: lines (UTF-8, without the newline) and exact byte counts.</summary>
    private sealed class Reader(Stream stream)
    {
        private readonly byte[] buffer = new byte[64 * 1024];
        private int start;
        private int end;

        public async Task<string?> ReadLineAsync(CancellationToken ct)
        {
            var line = new MemoryStream();
            while (true)
            {
                var newline = Array.IndexOf(buffer, (byte)'\n', start, end - start);
                if (newline >= 0)
                {
                    line.Write(buffer, start, newline - start);
                    start = newline + 1;
                    return Encoding.UTF8.GetString(line.ToArray());
                }

                line.Write(buffer, start, end - start);
                start = end = 0;
                if (!await FillAsync(ct).ConfigureAwait(false))
                {
                    return line.Length == 0 ? null : throw new IOException("connection closed in the middle of a line");
                }
            }
        }

        public async Task<byte[]> ReadExactlyAsync(int count, CancellationToken ct)
        {
            var result = new byte[count];
            var filled = 0;
            while (filled < count)
            {
                if (start == end)
                {
                    start = end = 0;
                    if (!await FillAsync(ct).ConfigureAwait(false))
                    {
                        throw new IOException("connection closed in the middle of a binary payload");
                    }
                }

                var n = Math.Min(count - filled, end - start);
                Array.Copy(buffer, start, result, filled, n);
                start += n;
                filled += n;
            }

            return result;
        }

        private async Task<bool> FillAsync(CancellationToken ct)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(end), ct).ConfigureAwait(false);
            end += n;
            return n > 0;
        }
    }
}

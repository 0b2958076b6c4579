using System.Security.Cryptography;
using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Prosync.Actors.Library;
using static Prosync.Actors.Tests.TestKit.LibraryFacts;

namespace Prosync.Actors.Tests.Library;

/// <summary>
/// The agent client against a stub of the agent's file endpoints (docs/registry-protocol.md) in Kestrel: a unit test of
/// the client's side of the protocol only. The real agent is the registry work's; the proof against real agent
/// processes comes with it.
/// </summary>
public sealed class AgentRoomFilesTests : IAsyncLifetime
{
    private readonly ConcurrentDictionary<string, byte[]> _files = new();
    private WebApplication _agent = null!;
    private AgentRoomFiles _client = null!;
    private readonly HttpClient _http = new();

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        _agent = builder.Build();
        _agent.MapMethods("/v1/files", ["GET", "HEAD"], (HttpContext context, string path) =>
        {
            if (!_files.TryGetValue(path, out var data)) return Results.NotFound();
            context.Response.Headers[AgentRoomFiles.ChecksumHeader] = Sha(data);
            return Results.Bytes(data, "application/octet-stream", enableRangeProcessing: true);
        });
        _agent.MapPut("/v1/files", async (HttpContext context, string path) =>
        {
            var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            var data = body.ToArray();
            if (Sha(data) != context.Request.Headers[AgentRoomFiles.ChecksumHeader].ToString())
                return Results.Json(new { error = "checksum mismatch" }, statusCode: 422);
            _files[path] = data;
            return Results.Ok(new { path, bytes = data.Length, sha256 = Sha(data), updateMs = 1 });
        });
        _agent.MapGet("/v1/library", () => Results.Ok(new { files = _files.Select(f => new { path = f.Key, bytes = f.Value.Length, modified = DateTimeOffset.UnixEpoch }) }));
        await _agent.StartAsync();
        _client = new AgentRoomFiles(_http, new Uri(_agent.Urls.First()));
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _agent.DisposeAsync();
    }

    [Fact]
    public async Task A_file_written_through_the_agent_is_listed_described_and_read_back_from_an_offset()
    {
        var data = RandomNumberGenerator.GetBytes(100_000);
        await _client.WriteAsync("Zoë/a b.flac", new MemoryStream(data), Sha(data), CancellationToken.None);

        Assert.Equal(data, _files["Zoë/a b.flac"]); // the path arrived intact as the query parameter
        Assert.Equal(new RoomFileInfo("Zoë/a b.flac", data.Length, Sha(data)), await _client.GetInfoAsync("Zoë/a b.flac", CancellationToken.None));
        Assert.Equal(["Zoë/a b.flac"], await _client.ListAsync(CancellationToken.None));
        await using var stream = await _client.OpenReadAsync("Zoë/a b.flac", 60_000, CancellationToken.None);
        var rest = new MemoryStream();
        await stream.CopyToAsync(rest);
        Assert.Equal(data[60_000..], rest.ToArray());
    }

    [Fact]
    public async Task A_missing_file_is_null_or_not_found_and_a_bad_checksum_is_refused()
    {
        Assert.Null(await _client.GetInfoAsync("nope.flac", CancellationToken.None));
        await Assert.ThrowsAsync<FileNotFoundException>(() => _client.OpenReadAsync("nope.flac", 0, CancellationToken.None));
        var error = await Assert.ThrowsAsync<InvalidDataException>(() =>
            _client.WriteAsync("x.flac", new MemoryStream([1, 2, 3]), new string('0', 64), CancellationToken.None));
        Assert.Contains("checksum mismatch", error.Message, StringComparison.Ordinal);
        Assert.False(_files.ContainsKey("x.flac"));
        await Assert.ThrowsAsync<ArgumentException>(() => _client.GetInfoAsync("../x.flac", CancellationToken.None));
    }

    [Fact]
    public async Task A_copy_from_a_local_room_to_an_agent_room_carries_the_sources_checksum()
    {
        var root = Path.Combine(Path.GetTempPath(), "prosync-agent-copy-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Path.Combine(root, "A"));
        var data = RandomNumberGenerator.GetBytes(50_000);
        await File.WriteAllBytesAsync(Path.Combine(root, "A", "s.flac"), data);
        try
        {
            var info = await FileTransfer.CopyAsync(new LocalDirectoryRoomFiles(root, "127.0.0.1", 1), _client, "A/s.flac", CancellationToken.None);
            Assert.Equal(Sha(data), info.Sha256);
            Assert.Equal(data, _files["A/s.flac"]);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}

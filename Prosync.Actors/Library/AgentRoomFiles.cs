using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Prosync.Actors.Library;

/// <summary>
/// A room reached through its Prosync agent (docs/registry-protocol.md): files over HTTP with the path as the query
/// parameter <c>path</c>, checksums in <c>X-Prosync-Sha256</c>; the agent has its own MPD update the file.
/// </summary>
public sealed class AgentRoomFiles(HttpClient http, Uri agent) : IRoomFiles
{
    public const string ChecksumHeader = "X-Prosync-Sha256";

    public string Location => agent.ToString();

    private Uri FileUri(string path)
    {
        if (!LibraryPath.TryValidate(path, out var error)) throw new ArgumentException($"{path}: {error}", nameof(path));
        return new Uri(agent, "/v1/files?path=" + Uri.EscapeDataString(path));
    }

    public async Task<RoomFileInfo?> GetInfoAsync(string path, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, FileUri(path));
        using var response = await http.SendAsync(request, ct);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        await EnsureSuccessAsync(response, "HEAD", path, ct);
        var sha = response.Headers.TryGetValues(ChecksumHeader, out var values) ? values.First() : null;
        var bytes = response.Content.Headers.ContentLength;
        if (sha is null || bytes is null) throw new InvalidDataException($"agent {agent} sent no size or checksum for {path}");
        return new RoomFileInfo(path, bytes.Value, sha);
    }

    public async Task<Stream> OpenReadAsync(string path, long offset, CancellationToken ct)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, FileUri(path));
        if (offset > 0) request.Headers.Range = new RangeHeaderValue(offset, null);
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            response.Dispose();
            throw new FileNotFoundException($"{path} is not at agent {agent}", path);
        }
        await EnsureSuccessAsync(response, "GET", path, ct);
        return await response.Content.ReadAsStreamAsync(ct);
    }

    public async Task WriteAsync(string path, Stream content, string sha256, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, FileUri(path)) { Content = new StreamContent(content, 1 << 16) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        request.Headers.Add(ChecksumHeader, sha256);
        using var response = await http.SendAsync(request, ct);
        if (response.StatusCode == HttpStatusCode.UnprocessableEntity)
            throw new InvalidDataException($"agent {agent} refused {path}: {await HttpErrorText.ReadAsync(response, ct)}");
        await EnsureSuccessAsync(response, "PUT", path, ct);
    }

    public async Task<IReadOnlyList<string>> ListAsync(CancellationToken ct)
    {
        using var response = await http.GetAsync(new Uri(agent, "/v1/library"), ct);
        await EnsureSuccessAsync(response, "GET", "/v1/library", ct);
        var listing = await response.Content.ReadFromJsonAsync<AgentLibrary>(JsonSerializerOptions.Web, ct);
        return listing?.Files.Select(f => f.Path).ToList() ?? [];
    }

    /// <summary>The agent's PUT already updated its MPD and waited for the database; asking again is harmless.</summary>
    public async Task UpdateDatabaseAsync(string path, CancellationToken ct)
    {
        if (await GetInfoAsync(path, ct) is null) throw new FileNotFoundException($"{path} is not at agent {agent}", path);
    }

    private async Task EnsureSuccessAsync(HttpResponseMessage response, string method, string what, CancellationToken ct)
    {
        if (response.IsSuccessStatusCode) return;
        var error = await HttpErrorText.ReadAsync(response, ct);
        response.Dispose();
        throw new IOException($"agent {agent}: {method} {what} answered {(int)response.StatusCode}{(error.Length > 0 ? ": " + error : "")}");
    }

    private sealed record AgentLibrary(IReadOnlyList<AgentFile> Files);

    private sealed record AgentFile(string Path, long Bytes, DateTimeOffset? Modified);
}

using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Prosync.Actors.Tests.TestKit;
using Prosync.Host.Lab;

namespace Prosync.Actors.Tests.Registry;

/// <summary>
/// A real agent process over a real MPD's music directory, spoken to over HTTP as the proxy and other rooms do
/// (no registry: it keeps retrying one that is not there, which changes nothing here).
/// </summary>
[Collection(RealMpdCollection.Name)]
public sealed class AgentFileTests(MusicFixture library) : IAsyncLifetime
{
    private string _dir = "";
    private MpdProcess? _mpd;
    private AgentProcess? _agent;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(40) };

    private AgentProcess Agent => _agent!;

    private string Url(string path) => $"{Agent.Url.ToString().TrimEnd('/')}/v1/files?path={Uri.EscapeDataString(path)}";

    public async Task InitializeAsync()
    {
        _dir = Path.Combine(Path.GetTempPath(), "prosync-testkit", $"agent-files-{Guid.NewGuid():N}"[..32]);
        foreach (var file in Directory.EnumerateFiles(library.RootDirectory, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(_dir, Path.GetRelativePath(library.RootDirectory, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        _mpd = await MpdProcess.StartAsync(_dir, new MpdProcessOptions { Name = "attic" });
        _agent = await AgentProcess.StartAsync("attic", "127.0.0.1:9", $"{_mpd.Host}:{_mpd.Port}", _dir);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        if (_agent is not null) await _agent.DisposeAsync();
        if (_mpd is not null) await _mpd.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Files_are_served_whole_or_by_range_with_their_checksum_and_paths_outside_the_music_directory_are_refused()
    {
        var track = library.Tracks[3].Uri; // "Zoë Quartet/Night Songs/01 Don't Stop.flac": space, apostrophe, non-ASCII
        var bytes = await File.ReadAllBytesAsync(Path.Combine(_dir, track));
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));

        using var whole = await _http.GetAsync(Url(track));
        Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
        Assert.Equal(bytes, await whole.Content.ReadAsByteArrayAsync());
        Assert.Equal(sha, whole.Headers.GetValues("X-Prosync-Sha256").Single());
        Assert.Equal("bytes", whole.Headers.AcceptRanges.Single());

        using var head = await _http.SendAsync(new HttpRequestMessage(HttpMethod.Head, Url(track)));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(bytes.Length, head.Content.Headers.ContentLength);
        Assert.Equal(sha, head.Headers.GetValues("X-Prosync-Sha256").Single());

        var range = new HttpRequestMessage(HttpMethod.Get, Url(track)) { Headers = { Range = new RangeHeaderValue(100, 1123) } };
        using var part = await _http.SendAsync(range);
        Assert.Equal(HttpStatusCode.PartialContent, part.StatusCode);
        Assert.Equal(bytes[100..1124], await part.Content.ReadAsByteArrayAsync());

        var beyond = new HttpRequestMessage(HttpMethod.Get, Url(track)) { Headers = { Range = new RangeHeaderValue(bytes.Length + 10, null) } };
        using var unsatisfiable = await _http.SendAsync(beyond);
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, unsatisfiable.StatusCode);

        using var missing = await _http.GetAsync(Url("Nobody/none.flac"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        foreach (var bad in (string[])["../outside.flac", "Aurora Tones/../../x", "/etc/passwd", "a\\b.flac", "a\0b", "", "./x.flac", "a//b.flac"])
        {
            using var refused = await _http.GetAsync(Url(bad));
            Assert.True(refused.StatusCode == HttpStatusCode.BadRequest, $"'{bad}' answered {refused.StatusCode}");
            Assert.Contains("\"error\"", await refused.Content.ReadAsStringAsync());
        }

        using var measure = await _http.GetAsync($"{Agent.Url.ToString().TrimEnd('/')}/v1/measure?bytes=300000");
        Assert.Equal(300000, (await measure.Content.ReadAsByteArrayAsync()).Length);
        using var tooMuch = await _http.GetAsync($"{Agent.Url.ToString().TrimEnd('/')}/v1/measure?bytes=999999999999");
        Assert.Equal(HttpStatusCode.BadRequest, tooMuch.StatusCode);

        using var listing = await _http.GetAsync($"{Agent.Url.ToString().TrimEnd('/')}/v1/library");
        Assert.Contains("01 Don't Stop.flac", await listing.Content.ReadAsStringAsync());

        var health = await _http.GetStringAsync($"{Agent.Url.ToString().TrimEnd('/')}/v1/health");
        Assert.Contains("\"name\":\"attic\"", health);
        Assert.Contains("\"mpdAnswers\":true", health);
    }

    [Fact]
    public async Task A_put_with_a_wrong_checksum_writes_nothing_and_a_right_one_lands_in_MPDs_database()
    {
        var source = await File.ReadAllBytesAsync(Path.Combine(_dir, library.Tracks[0].Uri));
        const string path = "New Artist/New Album/Copied Dawn.flac"; // two directories MPD has never seen

        var wrong = new ByteArrayContent(source);
        wrong.Headers.Add("X-Prosync-Sha256", new string('0', 64));
        using var refused = await _http.PutAsync(Url(path), wrong);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("checksum mismatch", await refused.Content.ReadAsStringAsync());
        Assert.False(Directory.Exists(Path.Combine(_dir, "New Artist")) && Directory.EnumerateFiles(Path.Combine(_dir, "New Artist"), "*", SearchOption.AllDirectories).Any(),
            "a refused upload left a file behind");

        using var noChecksum = await _http.PutAsync(Url(path), new ByteArrayContent(source));
        Assert.Equal(HttpStatusCode.BadRequest, noChecksum.StatusCode);

        using var traversal = await _http.PutAsync(Url("../escaped.flac"), new ByteArrayContent(source));
        Assert.Equal(HttpStatusCode.BadRequest, traversal.StatusCode);
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(_dir)!, "escaped.flac")));

        var right = new ByteArrayContent(source);
        var sha = Convert.ToHexStringLower(SHA256.HashData(source));
        right.Headers.Add("X-Prosync-Sha256", sha);
        using var accepted = await _http.PutAsync(Url(path), right);
        var answer = await accepted.Content.ReadAsStringAsync();
        Assert.True(accepted.StatusCode == HttpStatusCode.OK, answer);
        Assert.Contains(sha, answer);
        Assert.Equal(source, await File.ReadAllBytesAsync(Path.Combine(_dir, path)));
        // The agent answered only once MPD's database had the file.
        Assert.Contains($"file: {path}", await _mpd!.SendAsync($"lsinfo \"{path}\""));

        // Right checksum, but a file MPD does not take (no decoder claims ".txt"; MPD 0.23 does take any bytes named
        // .flac): MPD finishes its update without it, and the agent says so (422, not 504).
        var text = "liner notes, not audio\n"u8.ToArray();
        var notAudio = new ByteArrayContent(text);
        notAudio.Headers.Add("X-Prosync-Sha256", Convert.ToHexStringLower(SHA256.HashData(text)));
        using var notTaken = await _http.PutAsync(Url("New Artist/New Album/notes.txt"), notAudio);
        var why = await notTaken.Content.ReadAsStringAsync();
        Assert.True(notTaken.StatusCode == HttpStatusCode.UnprocessableEntity, $"{notTaken.StatusCode}: {why}");
        Assert.Contains("without adding", why);
    }
}

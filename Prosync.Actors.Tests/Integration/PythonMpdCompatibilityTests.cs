using Prosync.Host.Lab;
using Prosync.Actors.Tests.TestKit;

namespace Prosync.Actors.Tests.Integration;

/// <summary>
/// python-mpd2 (synchronous and asyncio clients) must see Prosync exactly as it sees one MPD: each session
/// script prints a JSON document of deterministic values (normalisations in TestKit/python/mpdnorm.py),
/// which must be byte-for-byte equal for a fresh direct MPD and the proxy.
/// </summary>
[Collection(RealMpdCollection.Name)]
public sealed class PythonMpdCompatibilityTests(MusicFixture library)
{
    public static TheoryData<string> Scripts => new() { PythonMpdClient.SyncSession, PythonMpdClient.AsyncioSession };

    [Theory]
    [MemberData(nameof(Scripts))]
    public async Task Harness_is_deterministic_between_two_fresh_servers(string script)
    {
        await using var servers = await MpdProcessGroup.StartAsync(library, 2, "direct");

        var documents = await Task.WhenAll(
            PythonMpdClient.For(servers[0]).RunSessionAsync(script, library),
            PythonMpdClient.For(servers[1]).RunSessionAsync(script, library));

        TranscriptAssert.Equal(documents[0], documents[1], $"{script}-direct-A", $"{script}-direct-B");
        // The pictures the client assembled from chunks are the library's files, byte for byte.
        TranscriptAssert.Contains(Sha256Of(library.CoverFilePath), documents[0], $"{script}-direct-A");
        TranscriptAssert.Contains(Sha256Of(library.EmbeddedPicturePath), documents[0], $"{script}-direct-A");
        TranscriptAssert.Contains("\"mixer\"", documents[0], $"{script}-direct-A");
    }

    [Theory]
    [MemberData(nameof(Scripts))]
    public async Task Python_session_through_the_proxy_with_one_server_matches_a_direct_server(string script)
    {
        await using var servers = await MpdProcessGroup.StartAsync(library, 2);
        var direct = servers[0];
        await using var proxy = await ProxyHarness.StartProxyAsync(servers[1]);

        var documents = await Task.WhenAll(
            PythonMpdClient.For(direct).RunSessionAsync(script, library),
            new PythonMpdClient(proxy.Host(), proxy.Port()).RunSessionAsync(script, library));

        TranscriptAssert.Equal(documents[0], documents[1], $"{script}-direct", $"{script}-proxy-1-server");
    }

    [Theory]
    [MemberData(nameof(Scripts))]
    public async Task Python_session_through_the_proxy_with_three_servers_matches_a_direct_server_and_leaves_them_equal(string script)
    {
        await using var servers = await MpdProcessGroup.StartAsync(library, 4);
        var direct = servers[0];
        var rooms = servers.Slice(1, 3);
        await using var proxy = await ProxyHarness.StartProxyAsync(rooms);

        var documents = await Task.WhenAll(
            PythonMpdClient.For(direct).RunSessionAsync(script, library),
            new PythonMpdClient(proxy.Host(), proxy.Port()).RunSessionAsync(script, library));

        TranscriptAssert.Equal(documents[0], documents[1], $"{script}-direct", $"{script}-proxy-3-servers");
        await ClusterAssert.AllLikeAsync(direct, rooms);
    }

    private static string Sha256Of(string path)
        => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path))).ToLowerInvariant();
}

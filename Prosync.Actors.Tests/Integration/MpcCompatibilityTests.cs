using Prosync.Host.Lab;
using Prosync.Actors.Tests.TestKit;

namespace Prosync.Actors.Tests.Integration;

/// <summary>
/// The real <c>mpc</c> must see Prosync exactly as it sees one MPD: the same scripted session
/// (<see cref="MpcSession"/>) runs against a fresh direct MPD and through the proxy, and the transcripts
/// must be equal after the documented time normalisations.
/// </summary>
[Collection(RealMpdCollection.Name)]
public sealed class MpcCompatibilityTests(MusicFixture library)
{
    [Fact]
    public async Task Harness_is_deterministic_between_two_fresh_servers()
    {
        await using var servers = await MpdProcessGroup.StartAsync(library, 2, "direct");

        var sessions = await Task.WhenAll(
            MpcSession.RunAsync(servers[0].Host, servers[0].Port, library),
            MpcSession.RunAsync(servers[1].Host, servers[1].Port, library));

        TranscriptAssert.Equal(sessions[0], sessions[1], "mpc-direct-A", "mpc-direct-B");
        // The session really went through its paces (guards against two equally empty transcripts).
        TranscriptAssert.Contains("[paused]  #3/7   0:01/0:28 (3%)", sessions[0], "mpc-direct-A");
        TranscriptAssert.Contains("$ mpc idle\nmixer\n", sessions[0], "mpc-direct-A");
        TranscriptAssert.Contains("$ mpc idle options player\noptions\n", sessions[0], "mpc-direct-A");
        TranscriptAssert.Contains("Zoë Quartet - Midnight", sessions[0], "mpc-direct-A");
    }

    [Fact]
    public async Task Harness_notices_a_server_that_answers_differently()
    {
        await using var servers = await MpdProcessGroup.StartAsync(library, 2, "direct");
        await servers[1].SendAsync("repeat 1");

        var sessions = await Task.WhenAll(
            MpcSession.RunAsync(servers[0].Host, servers[0].Port, library),
            MpcSession.RunAsync(servers[1].Host, servers[1].Port, library));

        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => TranscriptAssert.Equal(sessions[0], sessions[1], "mpc-direct", "mpc-repeat-on"));
    }

    [Fact]
    public async Task Mpc_session_through_the_proxy_with_one_server_matches_a_direct_server()
    {
        await using var servers = await MpdProcessGroup.StartAsync(library, 2);
        var direct = servers[0];
        await using var proxy = await ProxyHarness.StartProxyAsync(servers[1]);

        var sessions = await Task.WhenAll(
            MpcSession.RunAsync(direct.Host, direct.Port, library),
            MpcSession.RunAsync(proxy.Host(), proxy.Port(), library));

        TranscriptAssert.Equal(sessions[0], sessions[1], "mpc-direct", "mpc-proxy-1-server");
    }

    [Fact]
    public async Task Mpc_session_through_the_proxy_with_three_servers_matches_a_direct_server_and_leaves_them_equal()
    {
        await using var servers = await MpdProcessGroup.StartAsync(library, 4);
        var direct = servers[0];
        var rooms = servers.Slice(1, 3);
        await using var proxy = await ProxyHarness.StartProxyAsync(rooms);

        var sessions = await Task.WhenAll(
            MpcSession.RunAsync(direct.Host, direct.Port, library),
            MpcSession.RunAsync(proxy.Host(), proxy.Port(), library));

        TranscriptAssert.Equal(sessions[0], sessions[1], "mpc-direct", "mpc-proxy-3-servers");
        await ClusterAssert.AllLikeAsync(direct, rooms);
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Prosync.Actors.Servers;
using Prosync.Actors.Tests.TestKit;
using Prosync.Host.Lab;
using Prosync.Host.Registry;
using Xunit.Abstractions;
using static Prosync.Actors.Tests.TestKit.LibraryFacts;

namespace Prosync.Actors.Tests.Registry;

/// <summary>
/// The library and the registry together: a room that registered through a real agent process gets the songs it lacks
/// and the uploads through its agent (HTTP PUT, checksum verified, its MPD updated), like a room with a local directory.
/// </summary>
[Collection(RealMpdCollection.Name)]
public sealed class AgentLibraryTests(MusicFixture library, ITestOutputHelper output)
{
    private static readonly RegistryOptions Options = RegistryOptions.Default with { Timeout = TimeSpan.FromSeconds(4) };

    private static IReadOnlyList<string> Files(string playlist) =>
        [.. playlist.Split('\n').Where(l => l.StartsWith("file: ", StringComparison.Ordinal))];

    private static async Task RegisteredAsync(RegistryLab lab) =>
        Assert.True(await ProxyHarness.EventuallyAsync(async () => (await lab.RoomsAsync()).Contains("attic"), TimeSpan.FromSeconds(10)),
            "the agent's room did not appear");

    [Fact]
    public async Task A_song_an_agents_room_lacks_is_copied_through_its_agent_before_it_is_added_everywhere()
    {
        // The configured room reads the whole library from a directory here; the agent's room lacks one song.
        await using var lab = await RegistryLab.StartAsync(library, Options, homeHasMusicDirectory: true);
        var missing = library.Tracks[2].Uri;
        var (mpd, dir) = await lab.StartRoomAsync(library, "attic", omit: [missing]);
        var agent = await lab.StartAgentAsync("attic", mpd, dir);
        await RegisteredAsync(lab);
        await lab.Proxy.WaitForStateAsync("attic", ServerState.InSync, TimeSpan.FromSeconds(20));
        Assert.False(await InDatabaseAsync(mpd, missing));

        var reply = await lab.Proxy.SendAsync($"add \"{missing}\"\n");
        output.WriteLine($"add: {reply.Trim()}\nagent:\n{agent.Output}");

        Assert.DoesNotContain("ACK", reply);
        Assert.True(await InDatabaseAsync(mpd, missing), "the agent's MPD does not have the copied song");
        Assert.Equal(File.ReadAllBytes(Path.Combine(library.RootDirectory, missing)), File.ReadAllBytes(Path.Combine(dir, missing)));
        Assert.True(await ProxyHarness.EventuallyAsync(async () =>
            Files(await lab.Home.SendAsync("playlistinfo")).SequenceEqual(Files(await mpd.SendAsync("playlistinfo"))), TimeSpan.FromSeconds(10)),
            "the rooms' queues differ");
        Assert.Equal(ServerState.InSync, (await lab.Proxy.GetStatusAsync()).Servers.Single(s => s.Name == "attic").State);
    }

    [Fact]
    public async Task An_upload_into_new_directories_reaches_an_agents_room_and_its_database()
    {
        await using var lab = await RegistryLab.StartAsync(library, Options);
        var (mpd, dir) = await lab.StartRoomAsync(library, "attic");
        await lab.StartAgentAsync("attic", mpd, dir);
        await RegisteredAsync(lab);
        await lab.Proxy.WaitForStateAsync("attic", ServerState.InSync, TimeSpan.FromSeconds(20));
        var data = File.ReadAllBytes(Path.Combine(library.RootDirectory, library.Tracks[1].Uri));
        const string path = "Uploads/Deeper/Still/new tone.flac";   // MPD 0.23 ignores "update FILE" this deep in new directories

        using var response = await lab.Http.PostAsync("api/library/files?path=" + Uri.EscapeDataString(path), new ByteArrayContent(data));
        var body = await response.Content.ReadAsStringAsync();
        output.WriteLine(body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(body);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(data)), json.RootElement.GetProperty("sha256").GetString());
        var attic = json.RootElement.GetProperty("rooms").EnumerateArray().Single(r => r.GetProperty("name").GetString() == "attic");
        Assert.True(attic.GetProperty("ok").GetBoolean(), body);
        Assert.True(await InDatabaseAsync(mpd, path));
        Assert.Equal(data, File.ReadAllBytes(Path.Combine(dir, path)));
        // The configured room has no directory here: it is said so, not silently skipped.
        var home = json.RootElement.GetProperty("rooms").EnumerateArray().Single(r => r.GetProperty("name").GetString() == "home");
        Assert.False(home.GetProperty("ok").GetBoolean());
    }
}

using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Prosync.Actors.Servers;
using Prosync.Actors.Tests.TestKit;
using Prosync.Host.Lab;
using Prosync.Host.Registry;
using Xunit.Abstractions;

namespace Prosync.Actors.Tests.Registry;

/// <summary>
/// Two agents' rooms hold the same song, one behind a slow link and one behind a fast one (real bandwidth-capped
/// relays in front of real agent processes): the replica list shows the difference, and <c>fetch</c> (a real
/// process) downloads from the fast room whether it measures itself or asks the proxy.
/// </summary>
[Collection(RealMpdCollection.Name)]
public sealed class FetchTests(MusicFixture library, ITestOutputHelper output)
{
    private const double SlowBytesPerSecond = 1.5e6;
    private const double FastBytesPerSecond = 15e6;

    [Fact]
    public async Task Fetch_downloads_from_the_faster_replica_with_client_and_with_network_selection_and_album_art_comes_from_it()
    {
        await using var lab = await RegistryLab.StartAsync(library, RegistryOptions.Default);
        foreach (var (name, cap) in (IEnumerable<(string, double)>)[("slow", SlowBytesPerSecond), ("fast", FastBytesPerSecond)])
        {
            var (mpd, dir) = await lab.StartRoomAsync(library, name);
            // Each room's folder cover says which room it is, so album art read through the proxy names its source.
            await File.WriteAllTextAsync(Path.Combine(dir, library.ArtTrack.AlbumDirectory, "cover.png"), $"COVER-OF-{name}");
            var port = FreePort();
            var relay = lab.Own(BandwidthRelay.Start("127.0.0.1", port, cap));
            // The fast room's MPD is the farthest (15 ms each way): the lowest-latency read policy would not pick it.
            var mpdRelay = name == "fast" ? lab.Own(LatencyRelay.Start(mpd.Host, mpd.Port, new LinkProfile { BaseDelayMs = 15 })) : null;
            await lab.StartAgentAsync(name, mpdRelay?.Port ?? mpd.Port, dir, $"http://127.0.0.1:{relay.Port}", port);
        }
        Assert.True(await ProxyHarness.EventuallyAsync(async () => (await lab.RoomsAsync()).Count == 3, TimeSpan.FromSeconds(10)));

        var track = library.Tracks[2].Uri;
        var expected = await File.ReadAllBytesAsync(Path.Combine(library.RootDirectory, track));
        var target = Path.Combine(Path.GetTempPath(), "prosync-testkit", $"fetched-{Guid.NewGuid():N}.flac");
        try
        {
            // The proxy measures each replica on registration (first, so the fetch's own probes do not share the links with it).
            Assert.True(await ProxyHarness.EventuallyAsync(async () =>
            {
                var replicas = await lab.Http.GetStringAsync($"api/library/replicas?path={Uri.EscapeDataString(track)}");
                using var doc = JsonDocument.Parse(replicas);
                return doc.RootElement.GetArrayLength() == 2
                    && doc.RootElement.EnumerateArray().All(r => r.GetProperty("throughputMBps").ValueKind == JsonValueKind.Number);
            }, TimeSpan.FromSeconds(20)), "the proxy did not measure both replicas");
            var listed = await lab.Http.GetStringAsync($"api/library/replicas?path={Uri.EscapeDataString(track)}");
            output.WriteLine(listed);
            using (var doc = JsonDocument.Parse(listed))
            {
                var rate = doc.RootElement.EnumerateArray().ToDictionary(r => r.GetProperty("name").GetString()!, r => r.GetProperty("throughputMBps").GetDouble());
                Assert.True(rate["fast"] > 2 * rate["slow"], listed);
                Assert.True(rate["slow"] < SlowBytesPerSecond / 1e6 * 1.5, $"the slow room measured faster than its cap: {listed}");
                // Each agent's HEAD answer: the file's size and checksum.
                var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(expected));
                Assert.All(doc.RootElement.EnumerateArray(), r =>
                {
                    Assert.Equal(expected.Length, r.GetProperty("bytes").GetInt64());
                    Assert.Equal(sha, r.GetProperty("sha256").GetString());
                });
            }

            var client = await FetchAsync(lab, track, "client", target);
            output.WriteLine(client);
            Assert.Contains("chose fast", client);
            Assert.Equal(expected, await File.ReadAllBytesAsync(target));
            File.Delete(target);

            var network = await FetchAsync(lab, track, "network", target);
            output.WriteLine(network);
            Assert.Contains("chose fast", network);
            Assert.Equal(expected, await File.ReadAllBytesAsync(target));

            await lab.Proxy.WaitForStateAsync("fast", ServerState.InSync, TimeSpan.FromSeconds(20));
            for (var i = 0; i < 3; i++)
            {
                var art = await lab.Proxy.SendAsync($"albumart \"{library.ArtTrack.Uri}\" 0\n");
                Assert.Contains($"sha256={Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.ASCII.GetBytes("COVER-OF-fast")))}", art);
            }
        }
        finally
        {
            File.Delete(target);
        }
    }

    private static async Task<string> FetchAsync(RegistryLab lab, string path, string selection, string target)
    {
        var outcome = await ExternalProcess.RunAsync("dotnet",
            [HostDll.Path, "fetch", path, "--selection", selection, "--optimize", "throughput", "-o", target, "--proxy", lab.Registry],
            TimeSpan.FromSeconds(60));
        var text = Encoding.UTF8.GetString(outcome.StandardOutput) + outcome.StandardError;
        Assert.True(outcome.ExitCode == 0, text);
        return text;
    }

    private static int FreePort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }
}

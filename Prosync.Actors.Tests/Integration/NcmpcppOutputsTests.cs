using System.Text.RegularExpressions;
using Prosync.Actors.Servers;
using Prosync.Actors.Tests.TestKit;
using Prosync.Host.Lab;
using Xunit.Abstractions;

namespace Prosync.Actors.Tests.Integration;

/// <summary>
/// ncmpcpp's outputs screen, driven in tmux through the proxy: it lists the rooms, its Enter takes a room out of
/// playback and back, and it redraws when another client switches a room (the <c>output</c> idle event). ncmpcpp
/// shows an enabled output in bold, which the pane's escape sequences carry.
/// </summary>
[Collection(RealMpdCollection.Name)]
public sealed class NcmpcppOutputsTests(MusicFixture library, ITestOutputHelper output)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task The_outputs_screen_lists_the_rooms_and_switches_them()
    {
        await using var rooms = await MpdProcessGroup.StartAsync(library, 2);
        await using var proxy = await ProxyHarness.StartProxyAsync(rooms.ToArray());
        Assert.DoesNotContain("ACK", await proxy.SendAsync(string.Concat(library.Tracks.Select(t => $"add \"{t.Uri}\"\n")) + "play 0\n"));
        var session = "prosync-" + Guid.NewGuid().ToString("N")[..8];
        var home = Directory.CreateTempSubdirectory("prosync-ncmpcpp-").FullName;
        try
        {
            await TmuxAsync("new-session", "-d", "-s", session, "-x", "100", "-y", "20", "-e", "HOME=" + home, "-e", "TERM=xterm-256color",
                $"ncmpcpp -h {proxy.Host()} -p {proxy.Port()} -c /dev/null -s outputs");
            Assert.True(await ScreenAsync(session, s => Bold(s, "room1") == true && Bold(s, "room2") == true), "ncmpcpp does not show both rooms enabled");

            await TmuxAsync("send-keys", "-t", session, "Enter"); // the first row: room1
            Assert.True(await ScreenAsync(session, s => Bold(s, "room1") == false), "room1 not shown disabled after Enter");
            Assert.False((await proxy.GetStatusAsync()).Servers.Single(s => s.Name == "room1").Enabled);
            Assert.True(await ProxyHarness.EventuallyAsync(async () => (await rooms[0].SendAsync("status")).Contains("state: stop"), Within));
            Assert.Contains("state: play", await rooms[1].SendAsync("status"));

            // Another client takes room2 out: ncmpcpp, idling, redraws.
            Assert.Equal(0, (await new MpcClient(proxy.Host(), proxy.Port()).RunAsync("disable", "room2")).ExitCode);
            Assert.True(await ScreenAsync(session, s => Bold(s, "room2") == false), "ncmpcpp did not redraw room2 disabled");

            await TmuxAsync("send-keys", "-t", session, "Enter");
            Assert.True(await ScreenAsync(session, s => Bold(s, "room1") == true), "room1 not shown enabled after a second Enter");
            Assert.True((await proxy.GetStatusAsync()).Servers.Single(s => s.Name == "room1").Enabled);
        }
        finally
        {
            await TmuxAsync("kill-session", "-t", session);
            Directory.Delete(home, recursive: true);
        }
    }

    /// <summary>Whether the pane's line for this room is drawn bold (enabled); null when the room is not on screen.</summary>
    private static bool? Bold(string screen, string room)
    {
        var line = screen.Split('\n').FirstOrDefault(l => l.Contains(room, StringComparison.Ordinal));
        if (line is null) return null;
        // The attributes in force where the name starts: SGR 0 resets, 1 is bold, 22 is normal weight.
        var bold = false;
        foreach (Match sgr in Sgr.Matches(line[..line.IndexOf(room, StringComparison.Ordinal)]))
            foreach (var parameter in sgr.Groups[1].Value.Split(';'))
                bold = parameter switch { "" or "0" or "22" => false, "1" => true, _ => bold };
        return bold;
    }

    private static readonly Regex Sgr = new(@"\u001b\[([0-9;]*)m", RegexOptions.CultureInvariant);

    private async Task<bool> ScreenAsync(string session, Func<string, bool> condition)
    {
        var screen = "";
        var seen = await ProxyHarness.EventuallyAsync(async () =>
        {
            screen = await TmuxAsync("capture-pane", "-p", "-e", "-t", session);
            return condition(screen);
        }, Within);
        output.WriteLine(screen.Replace("\u001b", "^[", StringComparison.Ordinal));
        return seen;
    }

    private static async Task<string> TmuxAsync(params string[] arguments)
    {
        var outcome = await ExternalProcess.RunAsync("tmux", arguments, TimeSpan.FromSeconds(10));
        Assert.True(outcome.ExitCode == 0 || arguments[0] == "kill-session", $"tmux {string.Join(' ', arguments)}: {outcome.StandardError}");
        return System.Text.Encoding.UTF8.GetString(outcome.StandardOutput);
    }
}

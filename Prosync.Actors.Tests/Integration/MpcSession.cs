using Prosync.Host.Lab;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Prosync.Actors.Tests.TestKit;

namespace Prosync.Actors.Tests.Integration;

/// <summary>
/// A scripted session of the real <c>mpc</c> against one endpoint, rendered as a transcript that is
/// identical for two fresh MPDs (and must be for Prosync in front of fresh MPDs).
/// </summary>
/// <remarks>
/// Normalisations, and only these:
/// <list type="number">
/// <item>Steps run while the player plays (marked <c>[timed]</c>) replace the elapsed time and the
/// percentage in mpc's "[playing] #2/7   0:01/0:24 (4%)" line with <c>*:**</c> and <c>*%</c>; the song,
/// position, queue length and total time stay. A paused player that was sought reports exact values, so
/// those steps are compared as they are.</item>
/// <item><c>mpc stats</c>: "Play Time", "Uptime" and "DB Updated" are clock readings and become <c>*</c>.</item>
/// <item><c>mpc albumart</c>/<c>readpicture</c> write binary data: the transcript records its length and
/// SHA-256 instead of the bytes.</item>
/// </list>
/// Idle: <c>mpc idle</c> is started, given <see cref="Settle"/> to connect and enter idle, then a second
/// mpc makes a change; a change made before idle is entered still reaches it (MPD keeps it pending for the
/// connection), so the printed subsystem does not depend on that timing.
/// </remarks>
internal sealed class MpcSession
{
    /// <summary>Time given to a starting <c>mpc idle</c> before the trigger runs.</summary>
    public static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(300);

    private static readonly Regex PlayerLine = new(
        @"^(\[(?:playing|paused)\]\s+#\d+/\d+\s+)\d+:\d{2}/(\d+:\d{2}) \(\d+%\)$",
        RegexOptions.CultureInvariant | RegexOptions.Multiline);

    private static readonly Regex OutputLine = new(
        @"^Output \d+ \(.*\) is (enabled|disabled)$", RegexOptions.CultureInvariant | RegexOptions.Multiline);

    private static readonly Regex ClockStats = new(
        @"^(Play Time|Uptime|DB Updated):.*$",
        RegexOptions.CultureInvariant | RegexOptions.Multiline);

    private readonly MpcClient mpc;
    private readonly MpcClient trigger;
    private readonly StringBuilder transcript = new();

    private MpcSession(string host, int port)
    {
        mpc = new MpcClient(host, port);
        trigger = new MpcClient(host, port);
    }

    private enum Kind
    {
        Exact,
        Timed,
        Binary,
        Stats,
        /// <summary>Through Prosync the outputs are its rooms (one per room, named after it): only their states compare.</summary>
        Outputs,
    }

    public static async Task<string> RunAsync(string host, int port, MusicLibrary library)
    {
        var session = new MpcSession(host, port);
        await session.PlayAsync(library).ConfigureAwait(false);
        return session.transcript.ToString();
    }

    private async Task PlayAsync(MusicLibrary library)
    {
        var art = library.ArtTrack;
        var plain = library.PlainTrack;

        await Step(Kind.Exact, "version");
        await Step(Kind.Exact, "clear");
        await Step(Kind.Outputs, "outputs");

        // Queue
        await Step(Kind.Exact, "add", art.AlbumDirectory);
        await Step(Kind.Exact, "add", plain.Uri);
        await Step(Kind.Exact, "findadd", "album", plain.Album);
        await Step(Kind.Exact, "playlist");
        await Step(Kind.Exact, "-f", "%position% [%artist% - ]%title% (%time%) %file%", "playlist");
        await Step(Kind.Exact, "status");

        // Player: elapsed times run while playing.
        await Step(Kind.Timed, "play");
        await Step(Kind.Timed, "volume", "50");
        await Step(Kind.Timed, "volume", "-10");
        await Step(Kind.Timed, "next");
        await Step(Kind.Exact, "current");
        await Step(Kind.Exact, "queued");
        await Step(Kind.Timed, "pause");
        await Step(Kind.Exact, "seek", "0:10");
        await Step(Kind.Exact, "seek", "50%");
        await Step(Kind.Exact, "status");
        await Step(Kind.Timed, "play", "5");
        await Step(Kind.Timed, "pause");
        await Step(Kind.Exact, "seek", "0:05");
        await Step(Kind.Exact, "-f", "%position% %title%", "current");

        // Options (random's order is per-server RNG, but mpc's status lines do not show it).
        await Step(Kind.Exact, "repeat", "on");
        await Step(Kind.Exact, "random", "on");
        await Step(Kind.Exact, "random", "off");
        await Step(Kind.Exact, "single", "on");
        await Step(Kind.Exact, "single", "off");
        await Step(Kind.Exact, "consume", "on");
        await Step(Kind.Exact, "consume", "off");
        await Step(Kind.Exact, "crossfade", "3");
        await Step(Kind.Exact, "crossfade");
        await Step(Kind.Exact, "crossfade", "0");

        // Database
        await Step(Kind.Exact, "search", "artist", "zoë");
        await Step(Kind.Exact, "search", "title", "MID");
        await Step(Kind.Exact, "find", "album", art.Album);
        await Step(Kind.Exact, "find", "title", "Don't Stop");
        await Step(Kind.Exact, "list", "album");
        await Step(Kind.Exact, "list", "title", "artist", plain.Artist);
        await Step(Kind.Exact, "ls");
        await Step(Kind.Exact, "ls", art.AlbumDirectory);
        await Step(Kind.Exact, "listall");
        await Step(Kind.Exact, "update", "--wait");

        // Idle, woken by another client.
        await IdleStep(["idle"], ["volume", "70"]);
        await IdleStep(["idle", "options", "player"], ["repeat", "off"]);

        // Outputs and pictures
        await Step(Kind.Outputs, "outputs");
        await Step(Kind.Outputs, "enable", "1");
        await Step(Kind.Binary, "albumart", art.Uri);
        await Step(Kind.Binary, "readpicture", art.Uri);
        await Step(Kind.Binary, "readpicture", plain.Uri);
        await Step(Kind.Binary, "albumart", plain.Uri);

        // Errors and the rest
        await Step(Kind.Exact, "play", "99");
        await Step(Kind.Exact, "del", "99");
        await Step(Kind.Stats, "stats");
        await Step(Kind.Timed, "play", "2");
        await Step(Kind.Timed, "next");
        await Step(Kind.Timed, "pause");
        await Step(Kind.Exact, "seek", "0:01");
        await Step(Kind.Exact, "status");
    }

    private async Task Step(Kind kind, params string[] arguments)
        => Record(kind, await mpc.RunAsync(arguments).ConfigureAwait(false), prefix: "$ mpc");

    private async Task IdleStep(string[] idle, string[] change)
    {
        var idling = mpc.RunAsync(idle);
        await Task.Delay(Settle).ConfigureAwait(false);
        var changed = await trigger.RunAsync(change).ConfigureAwait(false);
        var woken = await idling.ConfigureAwait(false);
        Record(Kind.Exact, woken, prefix: "$ mpc");
        Record(Kind.Exact, changed, prefix: "  (meanwhile, from a second mpc) $ mpc");
    }

    private void Record(Kind kind, MpcResult result, string prefix)
    {
        transcript.Append(prefix).Append(' ').Append(ExternalProcess.DescribeArguments(result.Arguments));
        if (kind == Kind.Timed)
        {
            transcript.Append("   [timed]");
        }

        transcript.Append('\n');
        var output = kind switch
        {
            Kind.Binary => Summarise(result.StandardOutputBytes),
            Kind.Timed => PlayerLine.Replace(result.StandardOutput, "$1*:**/$2 (*%)"),
            Kind.Stats => ClockStats.Replace(result.StandardOutput, "$1: *"),
            Kind.Outputs => string.Join('\n', OutputLine.Replace(result.StandardOutput, "Output * (*) is $1").Split('\n').Distinct()),
            _ => result.StandardOutput,
        };
        transcript.Append(output);
        if (output.Length > 0 && !output.EndsWith('\n'))
        {
            transcript.Append("\\ (no newline at end)\n");
        }

        foreach (var line in result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            transcript.Append("! ").Append(line).Append('\n');
        }

        if (result.ExitCode != 0)
        {
            transcript.Append(CultureInfo.InvariantCulture, $"[exit {result.ExitCode}]\n");
        }
    }

    private static string Summarise(byte[] data)
        => data.Length == 0
            ? ""
            : $"<{data.Length} bytes sha256={Convert.ToHexString(SHA256.HashData(data)).ToLowerInvariant()}>\n";
}

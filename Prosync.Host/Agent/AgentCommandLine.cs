using System.Globalization;
using System.Net;
using Prosync.Host.Configuration;

namespace Prosync.Host.Agent;

/// <summary>The <c>agent</c> verb's flags, parsed strictly like Prosync's own (<see cref="CommandLine"/>).</summary>
public static class AgentCommandLine
{
    public static string Usage { get; } = """
        Prosync agent: runs on a room's machine, next to its MPD server. It registers the room with
        the Prosync proxy (the registry), keeps it registered, and serves and receives the room's
        music files over HTTP so that every room can have the same library.

        Usage: Prosync.Host agent --registry HOST:PORT --name NAME --mpd HOST:PORT --music-dir DIR
                                  [--listen HOST:PORT] [--keepalive SECONDS] [--advertise URL]

        Options:
          --registry HOST:PORT   the proxy's HTTP (dashboard) address, e.g. 192.168.1.10:8080.
          --name NAME            the room's name.
          --mpd HOST:PORT        the room's MPD server, as this machine reaches it (port defaults to 6600).
          --music-dir DIR        that MPD server's music_directory (must exist; the agent writes to it).
          --listen HOST:PORT     where the agent's HTTP server listens (default 0.0.0.0:6680; port 0
                                 picks a free port, printed at start).
          --keepalive SECONDS    how often the agent tells the registry it is alive (default 3).
          --advertise URL        the address the proxy should use to reach this agent
                                 (http://host:port), when it is not the listening one
                                 (port forwarding, NAT); by default the listening address,
                                 or for 0.0.0.0 this machine's address towards the registry.
          -h, --help             show this help.

        """;

    /// <exception cref="InvalidSettingsException">An unknown flag, a missing or bad value.</exception>
    public static AgentOptions Parse(IReadOnlyList<string> args)
    {
        if (args.Any(a => a is "-h" or "--help" or "-?"))
        {
            return new AgentOptions { Help = true, Registry = default, Name = "", Mpd = default, MusicDirectory = "" };
        }
        var values = VerbArguments.Parse(args, ["--registry", "--name", "--mpd", "--music-dir", "--listen", "--keepalive", "--advertise"], positional: 0).Flags;

        string Required(string flag, string metavar)
            => values.TryGetValue(flag, out var v) ? v : throw new InvalidSettingsException($"agent needs {flag} {metavar}");

        var registry = HostPort.Parse(Required("--registry", "HOST:PORT"), "--registry");
        var name = Syntax.CheckName(Required("--name", "NAME"), "--name");
        var mpd = HostPort.Parse(Required("--mpd", "HOST:PORT"), "--mpd");
        var musicDir = Required("--music-dir", "DIR");
        if (!Directory.Exists(musicDir))
        {
            throw new InvalidSettingsException($"--music-dir: no directory '{musicDir}'");
        }
        var listen = values.TryGetValue("--listen", out var l) ? HostPort.ParseListen(l, "--listen") : new IPEndPoint(IPAddress.Any, 6680);
        var keepalive = TimeSpan.FromSeconds(3);
        if (values.TryGetValue("--keepalive", out var k))
        {
            if (!double.TryParse(k, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || !double.IsFinite(seconds)
                || seconds < 0.1 || seconds > 3600)
            {
                throw new InvalidSettingsException($"--keepalive: '{k}' is not a number of seconds between 0.1 and 3600");
            }
            keepalive = TimeSpan.FromSeconds(seconds);
        }
        Uri? advertise = null;
        if (values.TryGetValue("--advertise", out var a)
            && (!Uri.TryCreate(a, UriKind.Absolute, out advertise) || advertise.Scheme != Uri.UriSchemeHttp || advertise.AbsolutePath != "/"))
        {
            throw new InvalidSettingsException($"--advertise: '{a}' is not an http://host:port address");
        }
        return new AgentOptions
        {
            Advertise = advertise,
            Registry = registry,
            Name = name,
            Mpd = mpd,
            MusicDirectory = Path.GetFullPath(musicDir),
            Listen = listen,
            Keepalive = keepalive,
        };
    }
}

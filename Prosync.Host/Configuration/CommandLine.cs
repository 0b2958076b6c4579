using System.Globalization;

namespace Prosync.Host.Configuration;

/// <summary>
/// Prosync's own flags (<c>--listen</c>, <c>--server</c>, …), parsed before the host is built and
/// then mapped onto configuration keys by <see cref="CommandLineOptions.ToConfiguration"/>. The
/// stock .NET command-line provider is not used: it cannot express repeatable flags and accepts
/// typos silently.
/// </summary>
public static class CommandLine
{
    public static string Usage { get; } = """
        Prosync: an MPD proxy. MPD clients connect to it as to one MPD server; it drives
        several MPD servers (one per room) so that every command takes effect in all rooms
        at the same instant.

        Usage: Prosync.Host [options]
           or: dotnet run --project Prosync.Host -- [options]

        Without any server configured, Prosync starts its demo: three local MPD rooms
        (mpd and sox must be installed) behind simulated Wi-Fi latency, and the dashboard.

        Options:
          --listen HOST:PORT           where MPD clients connect (default 127.0.0.1:6600).
                                       HOST: an IP address, localhost or * (all interfaces);
                                       PORT 0 picks a free port.
          --server [NAME=]HOST[:PORT]  an MPD server to drive; repeat for each room.
                                       HOST: a host name, an IPv4 address or [IPv6];
                                       PORT defaults to 6600, NAME to HOST:PORT.
          --servers-file FILE          more servers, one a line: HOST:PORT [USER] [MUSIC_DIR]
                                       (# starts a comment line).
          --offset NAME=MS             the room's audio output latency in milliseconds,
                                       added to its measured delay (repeatable).
          --music-dir NAME=DIR         the room's music directory, writable from this machine
                                       (local, or a mounted share): missing songs and uploads
                                       are copied there (repeatable).
          --http HOST:PORT             where the dashboard and the HTTP API are served
                                       (default 127.0.0.1:8080); none turns them off.
          --latency-log FILE           every second, one row per server (state, RTT,
                                       one-way delay, jitter, outliers, offset) to a TSV file.
          --read-policy POLICY         which room answers reads (library, album art, stored
                                       playlists): lowest-latency (default), race (all rooms,
                                       first answer wins) or fixed=NAME. Queue and status
                                       reads always come from the primary room.
          --demo                       run the demo even if servers are configured.
          --no-browser                 in the demo, do not open the dashboard in a browser.
          --SECTION:KEY=VALUE          set any configuration key, e.g.
                                       --Serilog:MinimumLevel:Default=Debug
          -h, --help                   show this help.

        Settings are also read from appsettings.json next to the program and from
        environment variables (Prosync__Listen, Prosync__Servers__0__Address, ...);
        flags take precedence. Servers from all sources are used together.

        Other commands:
          upload FILE... [--dir DIR] [--proxy HOST:HTTPPORT]
                                       copy songs to every room through a running Prosync
                                       (see upload --help).
          agent --registry HOST:HTTPPORT --name NAME --mpd HOST:PORT --music-dir DIR
                                       run beside a room's MPD: register it with a Prosync,
                                       serve and receive its music files (see agent --help).
          fetch PATH --selection client|network --optimize latency|throughput -o FILE
                                       download a song from the best room (see fetch --help).

        Example:
          Prosync.Host --server kitchen=192.168.1.20 --server living=[fd00::21]:6600 --offset kitchen=40

        """;

    private static readonly string[] Flags =
        ["--listen", "--server", "--servers-file", "--offset", "--music-dir", "--http", "--latency-log", "--read-policy", "--demo", "--no-browser", "--help"];

    /// <exception cref="InvalidSettingsException">An unknown flag, a missing or bad value.</exception>
    public static CommandLineOptions Parse(IReadOnlyList<string> args)
    {
        if (args.Any(a => a is "-h" or "--help" or "-?"))
        {
            return new CommandLineOptions { Help = true };
        }

        string? listen = null;
        string? serversFile = null;
        string? http = null;
        string? latencyLog = null;
        string? readPolicy = null;
        var demo = false;
        var noBrowser = false;
        var servers = new List<ServerSettings>();
        var offsets = new List<string>();
        var musicDirectories = new List<string>();
        var overrides = new List<KeyValuePair<string, string>>();

        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                throw new InvalidSettingsException(
                    $"unexpected argument '{arg}': options start with --, e.g. --server HOST:PORT or --servers-file FILE");
            }
            var eq = arg.IndexOf('=');
            var flag = eq < 0 ? arg : arg[..eq];
            var inline = eq < 0 ? null : arg[(eq + 1)..];

            string Value(string metavar)
            {
                if (inline is not null)
                {
                    return inline;
                }
                if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    return args[++i];
                }
                throw new InvalidSettingsException($"{flag} needs a value: {flag} {metavar}");
            }

            // A flag given at most once: its trimmed value, checked.
            string Single(string? previous, string metavar, Action<string> check)
            {
                var value = Value(metavar).Trim();
                Once(previous, flag);
                check(value);
                return value;
            }

            void FileName(string value)
            {
                if (value.Length == 0)
                {
                    throw new InvalidSettingsException($"{flag} needs a file name");
                }
            }

            switch (flag)
            {
                case "--listen":
                    listen = Single(listen, "HOST:PORT", value => HostPort.ParseListen(value, flag));
                    break;
                case "--server":
                    var (name, address) = Syntax.ParseServer(Value("[NAME=]HOST[:PORT]"), flag);
                    servers.Add(new ServerSettings { Name = name, Address = address.ToString() });
                    break;
                case "--servers-file":
                    serversFile = Single(serversFile, "FILE", FileName);
                    break;
                case "--http":
                    http = Single(http, "HOST:PORT", value =>
                    {
                        if (!IsNone(value))
                        {
                            HostPort.ParseListen(value, flag);
                        }
                    });
                    break;
                case "--latency-log":
                    latencyLog = Single(latencyLog, "FILE", FileName);
                    break;
                case "--read-policy":
                    readPolicy = Single(readPolicy, "POLICY", value => Syntax.ParseReadPolicy(value, flag));
                    break;
                case "--demo" or "--no-browser":
                    if (inline is not null)
                    {
                        throw new InvalidSettingsException($"{flag} takes no value");
                    }
                    demo |= flag == "--demo";
                    noBrowser |= flag == "--no-browser";
                    break;
                case "--offset":
                    var (server, ms) = Syntax.ParseOffset(Value("NAME=MS"), flag);
                    offsets.Add($"{server}={ms.ToString("R", CultureInfo.InvariantCulture)}");
                    break;
                case "--music-dir":
                    var (room, directory) = Syntax.ParseMusicDirectory(Value("NAME=DIR"), flag);
                    musicDirectories.Add($"{room}={directory}");
                    break;
                default:
                    var key = flag[2..];
                    if (!IsConfigurationKey(key))
                    {
                        throw new InvalidSettingsException($"unknown option '{flag}'{Suggest(flag)}");
                    }
                    overrides.Add(new(key, Value("VALUE")));
                    break;
            }
        }

        return new CommandLineOptions
        {
            Listen = listen,
            Servers = servers,
            ServersFile = serversFile,
            Http = http,
            LatencyLog = latencyLog,
            ReadPolicy = readPolicy,
            Demo = demo,
            NoBrowser = noBrowser,
            Offsets = offsets,
            MusicDirectories = musicDirectories,
            Overrides = overrides,
        };
    }

    /// <summary><c>none</c> (or <c>off</c>) turns the dashboard off.</summary>
    public static bool IsNone(string? value)
        => value?.Trim().ToLowerInvariant() is "none" or "off";

    private static void Once(string? previous, string flag)
    {
        if (previous is not null)
        {
            throw new InvalidSettingsException($"{flag} is given more than once");
        }
    }

    /// <summary><c>Section:Key</c>: at least two non-empty segments, so a typo such as <c>--lisen</c> is not taken for one.</summary>
    private static bool IsConfigurationKey(string key)
    {
        var segments = key.Split(':');
        return segments.Length >= 2
            && segments.All(s => s.Length > 0 && !s.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)));
    }

    private static string Suggest(string flag)
    {
        var best = Flags.MinBy(f => Distance(f, flag.ToLowerInvariant()))!;
        return Distance(best, flag.ToLowerInvariant()) <= 3 ? $"; did you mean {best}?" : "; see --help";
    }

    private static int Distance(string a, string b)
    {
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var diagonal = row[0];
            row[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var above = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), diagonal + (a[i - 1] == b[j - 1] ? 0 : 1));
                diagonal = above;
            }
        }
        return row[b.Length];
    }
}

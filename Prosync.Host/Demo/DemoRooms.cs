using System.Net;
using System.Net.Sockets;
using Prosync.Actors.Proxy;
using Prosync.Host.Lab;

namespace Prosync.Host.Demo;

/// <summary>
/// The demo: three local MPD rooms in a temp directory, generated music, each room behind a latency-injecting
/// relay with its own simulated Wi-Fi link (the farther the room, the longer and noisier the link), so that the
/// dashboard has something to show and compensation has something to do. Disposing stops everything and
/// deletes the directory.
/// </summary>
public sealed class DemoRooms : IAsyncDisposable
{
    public static IReadOnlyList<string> DefaultRooms { get; } = ["kitchen", "living-room", "bedroom"];

    /// <summary>Long enough to watch, short enough to make in a moment.</summary>
    private static readonly TimeSpan TrackLength = TimeSpan.FromMinutes(2);

    /// <summary>Ready within 20 s, as on a slow box; quiet logs, as mpd's stderr is kept in memory.</summary>
    private static readonly MpdProcessOptions RoomOptions = new()
    {
        LogLevel = "default",
        OwnSession = true,
        StartTimeout = TimeSpan.FromSeconds(20),
    };

    private readonly List<DemoRoom> _rooms = [];
    private MpdProcessGroup? _mpds;

    private DemoRooms(string directory)
    {
        Directory = directory;
    }

    private string Directory { get; }

    public IReadOnlyList<DemoRoom> Rooms => _rooms;

    /// <summary>The servers Prosync drives: the relays.</summary>
    public IReadOnlyList<ServerEndpoint> Endpoints => _rooms.Select(r => r.Endpoint).ToList();

    /// <summary>The music's file names, relative to the music directory (as <c>add</c> takes them).</summary>
    public IReadOnlyList<string> Songs { get; private set; } = [];

    public static async Task<DemoRooms> StartAsync(IReadOnlyList<string> names, Serilog.ILogger logger, CancellationToken ct,
        TimeSpan? trackLength = null)
    {
        var log = logger.ForContext<DemoRooms>();
        var directory = Path.Combine(Path.GetTempPath(), "prosync-demo-" + Guid.NewGuid().ToString("N")[..12]);
        var demo = new DemoRooms(directory);
        try
        {
            log.Information("Demo: making music and starting {Count} MPD rooms in {Directory}", names.Count, directory);
            var music = Path.Combine(directory, "music");
            demo.Songs = await DemoMusic.CreateAsync(music, trackLength ?? TrackLength, ct);
            // Each room's directory (mpd.conf, database, playlists) lies in the demo's, so it goes with it.
            var mpds = demo._mpds = await MpdProcessGroup.StartAsync(music, names, RoomOptions with { ParentDirectory = directory }, ct);
            for (var i = 0; i < mpds.Count; i++)
            {
                var relay = LatencyRelay.Start("127.0.0.1", mpds[i].Port, LinkProfiles.Wifi(i, mpds.Count), seed: i + 1);
                var room = new DemoRoom(mpds[i], relay, new ServerEndpoint(names[i], "127.0.0.1", relay.Port));
                demo._rooms.Add(room);
                log.Information("Demo room {Room}: mpd on 127.0.0.1:{MpdPort}, reached through 127.0.0.1:{RelayPort} ({Link})",
                    room.Name, room.Mpd.Port, relay.Port, room.Link);
            }
            return demo;
        }
        catch
        {
            await demo.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The demo should start on any machine: if <paramref name="wanted"/>'s port is taken (a local mpd on 6600, a
    /// web server on 8080), a free one is used instead, and said.
    /// </summary>
    public static IPEndPoint FreeIfTaken(IPEndPoint wanted, string what, Serilog.ILogger log)
    {
        if (wanted.Port == 0)
        {
            return wanted;
        }
        try
        {
            var probe = new TcpListener(wanted);
            probe.Start();
            probe.Stop();
            return wanted;
        }
        catch (SocketException)
        {
            var free = new IPEndPoint(wanted.Address, 0);
            var listener = new TcpListener(free);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            log.Warning("Demo: {Endpoint} is taken; using port {Port} for {What} instead", wanted, port, what);
            return new IPEndPoint(wanted.Address, port);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var room in _rooms)
        {
            await room.Relay.DisposeAsync();
        }
        _rooms.Clear();
        if (_mpds is not null)
        {
            await _mpds.DisposeAsync();
            _mpds = null;
        }
        try
        {
            if (System.IO.Directory.Exists(Directory))
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
        }
        catch (IOException)
        {
            // a file still open; the temp directory is cleaned eventually anyway
        }
    }
}

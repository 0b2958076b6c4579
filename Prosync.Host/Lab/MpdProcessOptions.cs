namespace Prosync.Host.Lab;

/// <summary>How <see cref="MpdProcess"/> configures a test, benchmark or demo MPD.</summary>
public sealed record MpdProcessOptions
{
    /// <summary>Room name the tests use for this server (and the proxy's ServerEndpoint name); default "mpd-PORT".</summary>
    public string? Name { get; init; }

    /// <summary>
    /// Write a state_file (queue, song ids, options, volume survive <see cref="MpdProcess.RestartAsync"/>).
    /// Off by default: a fresh server without state starts with song id 1 and queue version 1, which makes
    /// ids deterministic between servers.
    /// </summary>
    public bool StateFile { get; init; }

    /// <summary>MPD's <c>connection_timeout</c> in seconds (null: MPD's default, 60).</summary>
    public int? ConnectionTimeoutSeconds { get; init; }

    /// <summary>MPD's log_level; "verbose" logs every command, which is what one wants when a test fails.</summary>
    public string LogLevel { get; init; } = "verbose";

    /// <summary>Where the server's own directory is made; default "prosync-testkit" under the temp directory.</summary>
    public string? ParentDirectory { get; init; }

    /// <summary>
    /// Launch mpd under <c>setsid</c> (when installed), in a session of its own, so a Ctrl-C in the terminal
    /// does not reach it: the demo stops its proxy first and then its rooms, instead of every room vanishing under a
    /// running proxy.
    /// </summary>
    public bool OwnSession { get; init; }

    /// <summary>
    /// The audio clock: null (the default) plays into a <c>null</c> output paced by the system clock (<c>sync</c>);
    /// a value plays into a <c>pipe</c> output (format <see cref="PpmSink.Format"/>) whose command is
    /// <see cref="PpmSink"/> draining at (1 + ClockPpm/10⁶) × real time, a sound card that runs that many ppm fast
    /// (negative: slow). Its log is <c>sink.log</c> in the server's directory (<see cref="MpdProcess.SinkLogPath"/>).
    /// </summary>
    public double? ClockPpm { get; init; }

    /// <summary>How long to wait for the greeting and the startup database update.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>No mixer on the null output (MPD reports volume -1 and refuses setvol), like a room without volume control.</summary>
    public bool NoMixer { get; init; }
}

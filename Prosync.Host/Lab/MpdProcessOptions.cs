namespace Prosync.Host.Lab;

/// <summary>How <see cref="MpdProcess.StartAsync"/> configures a test MPD.</summary>
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

    /// <summary>MPD's log_level; "verbose" logs every command, which is what one wants when a test fails.</summary>
    public string LogLevel { get; init; } = "verbose";

    /// <summary>Extra mpd.conf text appended verbatim (e.g. a second audio_output, connection_timeout).</summary>
    public string? ExtraConfig { get; init; }

    /// <summary>How long to wait for the greeting and the startup database update.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(15);
}

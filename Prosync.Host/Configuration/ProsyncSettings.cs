using Microsoft.Extensions.Configuration;

namespace Prosync.Host.Configuration;

/// <summary>
/// The <c>Prosync</c> configuration section, as bound from appsettings.json, environment
/// variables (<c>Prosync__Listen</c>) and the command line. Raw strings: <see cref="ServerListBuilder"/>
/// validates them, so a bad value is reported with the key it came from.
/// </summary>
public sealed class ProsyncSettings
{
    public const string SectionName = "Prosync";

    /// <summary>Where MPD clients connect: an IP address, localhost or *, and a port (0 = any free port).</summary>
    public string Listen { get; set; } = "127.0.0.1:6600";

    public List<ServerSettings> Servers { get; set; } = [];

    /// <summary>A file in the original Prosync format: <c>HOST:PORT [USER] [MUSIC_DIR]</c> a line.</summary>
    public string? ServersFile { get; set; }

    /// <summary>Where the dashboard and HTTP API listen, like <see cref="Listen"/>; <c>none</c> turns them off.</summary>
    public string Http { get; set; } = "127.0.0.1:8080";

    /// <summary>A TSV file that gets one row per server every second; none when empty.</summary>
    public string? LatencyLog { get; set; }

    /// <summary>Which room answers reads: <c>lowest-latency</c>, <c>race</c> or <c>fixed=NAME</c>.</summary>
    public string ReadPolicy { get; set; } = "lowest-latency";

    public DemoSettings Demo { get; set; } = new();

    /// <summary>Agents' registrations (<c>Prosync:Registry:TimeoutSeconds</c>) and replica measurements.</summary>
    public RegistrySettings Registry { get; set; } = new();

    /// <summary><c>NAME=MS</c> entries from <c>--offset</c>; they override a server's <c>OffsetMs</c>.</summary>
    public List<string> Offsets { get; set; } = [];

    /// <summary><c>NAME=DIR</c> entries from <c>--music-dir</c>; they set a server's <c>MusicDirectory</c>.</summary>
    public List<string> MusicDirectories { get; set; } = [];

    /// <summary>The actor system's settings (HOCON); <c>akka.hocon</c> next to the program when empty.</summary>
    public string? AkkaConfig { get; set; }

    /// <summary>
    /// Where the rooms' groups, enabled flags and trims are kept across restarts (JSON); <c>none</c> keeps them in memory
    /// only. Default: <c>$XDG_STATE_HOME/prosync/rooms.json</c> (<c>~/.local/state/prosync/rooms.json</c>); not used by --demo.
    /// </summary>
    public string? StateFile { get; set; }

    /// <summary>
    /// Binds the section strictly. The stock binder silently drops a list element it cannot convert
    /// (a server with <c>"OffsetMs": "40ms"</c> would just vanish) and ignores misspelt keys;
    /// here both are errors that name the key.
    /// </summary>
    /// <exception cref="InvalidSettingsException">An unknown key or a value of the wrong type.</exception>
    public static ProsyncSettings FromConfiguration(IConfiguration configuration)
    {
        var section = configuration.GetSection(SectionName);
        RejectUnknownKeys(section, typeof(ProsyncSettings));
        foreach (var server in section.GetSection(nameof(Servers)).GetChildren())
        {
            RejectUnknownKeys(server, typeof(ServerSettings));
        }
        RejectUnknownKeys(section.GetSection(nameof(Demo)), typeof(DemoSettings));
        RejectUnknownKeys(section.GetSection(nameof(Registry)), typeof(RegistrySettings));
        try
        {
            return section.Get<ProsyncSettings>(o => o.ErrorOnUnknownConfiguration = true) ?? new ProsyncSettings();
        }
        catch (InvalidOperationException e)
        {
            // The binder wraps the useful "Failed to convert configuration value 'x' at 'key'" one level down.
            throw new InvalidSettingsException(e.InnerException is InvalidOperationException inner ? inner.Message : e.Message);
        }
    }

    private static void RejectUnknownKeys(IConfigurationSection section, Type settings)
    {
        var known = settings.GetProperties().Select(p => p.Name).ToArray();
        foreach (var child in section.GetChildren())
        {
            if (!known.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
            {
                throw new InvalidSettingsException($"unknown setting '{child.Path}' (known: {string.Join(", ", known)})");
            }
        }
    }
}

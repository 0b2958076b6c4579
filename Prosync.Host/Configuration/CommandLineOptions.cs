using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Prosync.Host.Configuration;

/// <summary>
/// What <see cref="CommandLine.Parse"/> found, already validated, and its mapping onto
/// configuration keys so flags override appsettings.json and environment variables.
/// </summary>
public sealed record CommandLineOptions
{
    public bool Help { get; init; }

    /// <summary><c>--listen</c>, as given.</summary>
    public string? Listen { get; init; }

    /// <summary><c>--server</c> flags in order, with the address normalised to <c>host:port</c>.</summary>
    public IReadOnlyList<ServerSettings> Servers { get; init; } = [];

    public string? ServersFile { get; init; }

    /// <summary><c>--http</c>, as given (<c>none</c> turns the dashboard off).</summary>
    public string? Http { get; init; }

    /// <summary><c>--latency-log</c>: the TSV file to write.</summary>
    public string? LatencyLog { get; init; }

    /// <summary><c>--read-policy</c>, validated.</summary>
    public string? ReadPolicy { get; init; }

    /// <summary><c>--demo</c>: run the demo rooms even if servers are configured.</summary>
    public bool Demo { get; init; }

    /// <summary><c>--no-browser</c>: the demo does not open the dashboard.</summary>
    public bool NoBrowser { get; init; }

    /// <summary><c>--offset</c> flags, normalised to <c>NAME=MS</c>.</summary>
    public IReadOnlyList<string> Offsets { get; init; } = [];

    /// <summary><c>--music-dir</c> flags, normalised to <c>NAME=DIR</c>.</summary>
    public IReadOnlyList<string> MusicDirectories { get; init; } = [];

    /// <summary><c>--Section:Key=VALUE</c> flags: any configuration key.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Overrides { get; init; } = [];

    /// <summary>
    /// Configuration keys for these flags. <c>--server</c> and <c>--offset</c> entries are appended
    /// after those <paramref name="existing"/> already has (a configuration list merges by index, so
    /// writing at index 0 would splice a flag into a configured server).
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string?>> ToConfiguration(IConfiguration existing)
    {
        var keys = new List<KeyValuePair<string, string?>>();
        foreach (var (key, value) in Overrides)
        {
            keys.Add(new(key, value));
        }
        const string section = ProsyncSettings.SectionName;
        if (Listen is not null)
        {
            keys.Add(new($"{section}:Listen", Listen));
        }
        if (ServersFile is not null)
        {
            keys.Add(new($"{section}:ServersFile", ServersFile));
        }
        if (Http is not null)
        {
            keys.Add(new($"{section}:Http", Http));
        }
        if (LatencyLog is not null)
        {
            keys.Add(new($"{section}:LatencyLog", LatencyLog));
        }
        if (ReadPolicy is not null)
        {
            keys.Add(new($"{section}:ReadPolicy", ReadPolicy));
        }
        if (Demo)
        {
            keys.Add(new($"{section}:Demo:Enabled", "true"));
        }
        if (NoBrowser)
        {
            keys.Add(new($"{section}:Demo:OpenBrowser", "false"));
        }

        var next = NextIndex(existing, keys, $"{section}:Servers");
        foreach (var server in Servers)
        {
            var prefix = $"{section}:Servers:{next++}";
            keys.Add(new($"{prefix}:Address", server.Address));
            if (server.Name is not null)
            {
                keys.Add(new($"{prefix}:Name", server.Name));
            }
        }
        next = NextIndex(existing, keys, $"{section}:Offsets");
        foreach (var offset in Offsets)
        {
            keys.Add(new($"{section}:Offsets:{next++}", offset));
        }
        next = NextIndex(existing, keys, $"{section}:MusicDirectories");
        foreach (var entry in MusicDirectories)
        {
            keys.Add(new($"{section}:MusicDirectories:{next++}", entry));
        }
        return keys;
    }

    private static int NextIndex(IConfiguration existing, List<KeyValuePair<string, string?>> added, string listKey)
    {
        var fromExisting = existing.GetSection(listKey).GetChildren().Select(c => c.Key);
        var fromAdded = added
            .Where(kv => kv.Key.StartsWith(listKey + ":", StringComparison.OrdinalIgnoreCase))
            .Select(kv => kv.Key[(listKey.Length + 1)..].Split(':')[0]);
        var max = -1;
        foreach (var key in fromExisting.Concat(fromAdded))
        {
            if (int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                max = Math.Max(max, index);
            }
        }
        return max + 1;
    }
}

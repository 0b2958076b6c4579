using System.Globalization;
using Prosync.Actors.Proxy;
using Prosync.Actors.Rooms;

namespace Prosync.Host.Configuration;

/// <summary>
/// Turns <see cref="ProsyncSettings"/> (configuration, then <c>--server</c> flags, then the servers
/// file, in that order) into the validated server list the proxy runs with. Pure apart from the
/// file reader it is given.
/// </summary>
public static class ServerListBuilder
{
    /// <param name="settings">The bound <c>Prosync</c> section.</param>
    /// <param name="readFile">Reads the servers file (<see cref="File.ReadAllText(string)"/> in production).</param>
    /// <exception cref="InvalidSettingsException">A bad address, name, offset or file line, or a duplicate.</exception>
    public static IReadOnlyList<ServerEndpoint> Build(ProsyncSettings settings, Func<string, string> readFile)
    {
        var servers = new List<ConfiguredServer>();
        for (var i = 0; i < settings.Servers.Count; i++)
        {
            servers.Add(FromSettings(settings.Servers[i], $"{ProsyncSettings.SectionName}:Servers:{i}"));
        }
        if (!string.IsNullOrWhiteSpace(settings.ServersFile))
        {
            var path = settings.ServersFile.Trim();
            servers.AddRange(ServersFile.Parse(Read(path, readFile), path));
        }

        RejectDuplicates(servers);
        ApplyOffsets(servers, settings.Offsets);
        ApplyMusicDirectories(servers, settings.MusicDirectories);
        return servers.Select(s => s.Server).ToList();
    }

    private static ConfiguredServer FromSettings(ServerSettings? s, string where)
    {
        if (s is null || string.IsNullOrWhiteSpace(s.Address))
        {
            throw new InvalidSettingsException($"{where}:Address is missing (HOST[:PORT])");
        }
        var address = HostPort.Parse(s.Address, $"{where}:Address");
        var name = string.IsNullOrWhiteSpace(s.Name) ? address.ToString() : Syntax.CheckName(s.Name, $"{where}:Name");
        var user = string.IsNullOrWhiteSpace(s.User) ? null : s.User.Trim();
        var dir = string.IsNullOrWhiteSpace(s.MusicDirectory) ? null : s.MusicDirectory.Trim();
        var endpoint = new ServerEndpoint(name, address.Host, address.Port)
        {
            OffsetMs = Syntax.CheckOffset(s.OffsetMs ?? 0, $"{where}:OffsetMs"),
            Trim = s.Trim is { } trim && !RoomVolume.IsValidTrim(trim)
                ? throw new InvalidSettingsException($"{where}:Trim must be a factor from 0 (muted) to 1, not {trim.ToString(CultureInfo.InvariantCulture)}")
                : s.Trim,
            User = user,
            MusicDirectory = dir,
        };
        return new ConfiguredServer(endpoint, where);
    }

    private static string Read(string path, Func<string, string> readFile)
    {
        try
        {
            return readFile(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new InvalidSettingsException($"servers file '{path}' does not exist");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new InvalidSettingsException($"servers file '{path}' cannot be read: {e.Message}");
        }
    }

    private static void RejectDuplicates(List<ConfiguredServer> servers)
    {
        for (var i = 0; i < servers.Count; i++)
        {
            for (var j = 0; j < i; j++)
            {
                var (a, b) = (servers[j], servers[i]);
                if (string.Equals(a.Server.Name, b.Server.Name, StringComparison.OrdinalIgnoreCase))
                {
                    throw new InvalidSettingsException(
                        $"two servers are named '{b.Server.Name}' ({a.Source} and {b.Source}); names must be unique");
                }
                if (string.Equals(a.Server.Host, b.Server.Host, StringComparison.OrdinalIgnoreCase) && a.Server.Port == b.Server.Port)
                {
                    var address = new HostPort(b.Server.Host, b.Server.Port);
                    throw new InvalidSettingsException(
                        $"server {address} is listed twice ({a.Source} and {b.Source})");
                }
            }
        }
    }

    private static void ApplyMusicDirectories(List<ConfiguredServer> servers, IReadOnlyList<string?> entries)
    {
        foreach (var entry in entries)
        {
            if (string.IsNullOrWhiteSpace(entry))
            {
                continue;
            }
            var (name, directory) = Syntax.ParseMusicDirectory(entry, $"music directory '{entry.Trim()}'");
            var index = servers.FindIndex(s => string.Equals(s.Server.Name, name, StringComparison.OrdinalIgnoreCase));
            if (index < 0)
            {
                var known = servers.Count == 0 ? "none is configured" : "known: " + string.Join(", ", servers.Select(s => s.Server.Name));
                throw new InvalidSettingsException($"music directory '{entry.Trim()}': no server is named '{name}' ({known})");
            }
            servers[index] = servers[index] with { Server = servers[index].Server with { MusicDirectory = directory } };
        }
    }

    private static void ApplyOffsets(List<ConfiguredServer> servers, IReadOnlyList<string?> offsets)
    {
        foreach (var entry in offsets)
        {
            if (string.IsNullOrWhiteSpace(entry))
            {
                continue;
            }
            var (name, ms) = Syntax.ParseOffset(entry, $"offset '{entry.Trim()}'");
            var index = servers.FindIndex(s => string.Equals(s.Server.Name, name, StringComparison.OrdinalIgnoreCase));
            if (index < 0)
            {
                var known = servers.Count == 0 ? "none is configured" : "known: " + string.Join(", ", servers.Select(s => s.Server.Name));
                throw new InvalidSettingsException(
                    $"offset '{entry.Trim()}': no server is named '{name}' ({known})");
            }
            servers[index] = servers[index] with { Server = servers[index].Server with { OffsetMs = ms } };
        }
    }

    /// <summary>One line per server for the startup log.</summary>
    public static string Describe(ServerEndpoint s)
    {
        var address = new HostPort(s.Host, s.Port).ToString();
        var text = s.Name == address ? address : $"{s.Name} at {address}";
        if (s.OffsetMs != 0)
        {
            text += $", offset {s.OffsetMs.ToString(CultureInfo.InvariantCulture)} ms";
        }
        return text;
    }
}

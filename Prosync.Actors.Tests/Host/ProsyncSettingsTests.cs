using Microsoft.Extensions.Configuration;
using Prosync.Host.Configuration;

namespace Prosync.Actors.Tests.Host;

public class ProsyncSettingsTests
{
    private static ProsyncSettings Bind(params (string Key, string? Value)[] keys)
        => ProsyncSettings.FromConfiguration(new ConfigurationBuilder()
            .AddInMemoryCollection(keys.Select(k => new KeyValuePair<string, string?>(k.Key, k.Value)))
            .Build());

    [Fact]
    public void Defaults_to_listening_on_localhost_6600_with_no_servers()
    {
        var s = Bind();
        Assert.Equal("127.0.0.1:6600", s.Listen);
        Assert.Empty(s.Servers);
        Assert.Null(s.ServersFile);
    }

    [Fact]
    public void Binds_servers_the_way_environment_variables_spell_them()
    {
        var s = Bind(("Prosync:Servers:0:Name", "kitchen"), ("prosync:servers:0:address", "10.0.0.1"),
                     ("Prosync:Servers:0:OffsetMs", "40.5"), ("Prosync:Servers:1:Address", "[::1]"));
        Assert.Equal([("kitchen", "10.0.0.1", 40.5), (null, "[::1]", (double?)null)],
                     s.Servers.Select(x => (x.Name, x.Address, x.OffsetMs)));
    }

    [Fact]
    public void A_server_with_a_bad_value_is_an_error_not_silently_dropped()
    {
        var e = Assert.Throws<InvalidSettingsException>(
            () => Bind(("Prosync:Servers:0:Address", "a"), ("Prosync:Servers:0:OffsetMs", "40ms"), ("Prosync:Servers:1:Address", "b")));
        Assert.Contains("'40ms' at 'Prosync:Servers:0:OffsetMs'", e.Message);
    }

    [Theory]
    [InlineData("Prosync:Lisen", "unknown setting 'Prosync:Lisen' (known: Listen, Servers, ServersFile, Http, LatencyLog, ReadPolicy, Demo, Registry, Offsets, MusicDirectories, AkkaConfig, StateFile)")]
    [InlineData("Prosync:Servers:0:Adress", "unknown setting 'Prosync:Servers:0:Adress' (known: Name, Address, OffsetMs, User, MusicDirectory, Trim)")]
    public void Misspelt_keys_are_errors(string key, string message)
        => Assert.Equal(message, Assert.Throws<InvalidSettingsException>(() => Bind((key, "x"))).Message);
}

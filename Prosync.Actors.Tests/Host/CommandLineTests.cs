using Microsoft.Extensions.Configuration;
using Prosync.Host.Configuration;

namespace Prosync.Actors.Tests.Host;

public class CommandLineTests
{
    private static CommandLineOptions Parse(string commandLine)
        => CommandLine.Parse(commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries));

    [Fact]
    public void No_flags_means_defaults_from_configuration()
    {
        var o = Parse("");
        Assert.False(o.Help);
        Assert.Null(o.Listen);
        Assert.Null(o.ServersFile);
        Assert.Empty(o.Servers);
        Assert.Empty(o.Offsets);
        Assert.Empty(o.ToConfiguration(new ConfigurationBuilder().Build()));
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("--server 127.0.0.1:6601 --help")]
    [InlineData("--bogus --help")]
    public void Help_wins_over_everything_else(string args) => Assert.True(Parse(args).Help);

    [Fact]
    public void Usage_documents_every_flag()
    {
        foreach (var flag in new[] { "--listen", "--server", "--servers-file", "--offset", "--http", "--latency-log", "--read-policy", "--demo", "--no-browser", "--help" })
        {
            Assert.Contains(flag, CommandLine.Usage);
        }
    }

    [Theory]
    [InlineData("--listen 0.0.0.0:6601", "0.0.0.0:6601")]
    [InlineData("--listen=localhost:6601", "localhost:6601")]
    [InlineData("--listen [::1]:0", "[::1]:0")]
    [InlineData("--listen *", "*")]
    public void Listen_takes_a_separate_or_inline_value(string args, string listen)
        => Assert.Equal(listen, Parse(args).Listen);

    [Theory]
    [InlineData("--server 127.0.0.1:6601", null, "127.0.0.1:6601")]
    [InlineData("--server=localhost:6602", null, "localhost:6602")]
    [InlineData("--server kitchen=192.168.1.20:6600", "kitchen", "192.168.1.20:6600")]
    [InlineData("--server=kitchen=kitchen.lan", "kitchen", "kitchen.lan:6600")]
    [InlineData("--server [::1]:6601", null, "[::1]:6601")]
    [InlineData("--server living=[fd00::21]", "living", "[fd00::21]:6600")]
    public void Server_accepts_every_address_form_and_an_optional_name(string args, string? name, string address)
    {
        var server = Assert.Single(Parse(args).Servers);
        Assert.Equal(name, server.Name);
        Assert.Equal(address, server.Address);
    }

    [Fact]
    public void Server_flags_repeat_in_order()
    {
        var o = Parse("--server 127.0.0.1:6601 --server b=127.0.0.1:6602 --server 127.0.0.1:6603");
        Assert.Equal(["127.0.0.1:6601", "127.0.0.1:6602", "127.0.0.1:6603"], o.Servers.Select(s => s.Address));
    }

    [Theory]
    [InlineData("--offset kitchen=40", "kitchen=40")]
    [InlineData("--offset=kitchen=-12.5", "kitchen=-12.5")]
    [InlineData("--offset [::1]:6601=7", "[::1]:6601=7")]
    [InlineData("--offset 127.0.0.1:6601=1e1", "127.0.0.1:6601=10")]
    public void Offset_is_normalised_to_name_equals_milliseconds(string args, string offset)
        => Assert.Equal(offset, Assert.Single(Parse(args).Offsets));

    [Theory]
    [InlineData("--http 0.0.0.0:8081", "Prosync:Http", "0.0.0.0:8081")]
    [InlineData("--http=none", "Prosync:Http", "none")]
    [InlineData("--http off", "Prosync:Http", "off")]
    [InlineData("--latency-log /tmp/latency.tsv", "Prosync:LatencyLog", "/tmp/latency.tsv")]
    [InlineData("--demo", "Prosync:Demo:Enabled", "true")]
    [InlineData("--no-browser", "Prosync:Demo:OpenBrowser", "false")]
    [InlineData("--read-policy race", "Prosync:ReadPolicy", "race")]
    [InlineData("--read-policy=fixed=kitchen", "Prosync:ReadPolicy", "fixed=kitchen")]
    [InlineData("--read-policy Lowest-Latency", "Prosync:ReadPolicy", "Lowest-Latency")]
    public void Dashboard_log_and_demo_flags_map_onto_configuration_keys(string args, string key, string value)
        => Assert.Contains(new KeyValuePair<string, string?>(key, value), Parse(args).ToConfiguration(new ConfigurationBuilder().Build()));

    [Theory]
    [InlineData("none", true)]
    [InlineData(" Off ", true)]
    [InlineData("127.0.0.1:8080", false)]
    [InlineData(null, false)]
    public void Http_none_or_off_turns_the_dashboard_off(string? value, bool none)
        => Assert.Equal(none, CommandLine.IsNone(value));

    [Fact]
    public void Servers_file_is_taken_as_given()
        => Assert.Equal("rooms.txt", Parse("--servers-file rooms.txt").ServersFile);

    [Theory]
    [InlineData("--bogus", "unknown option '--bogus'")]
    [InlineData("--servers x", "did you mean --server?")]
    [InlineData("--lisen 1.2.3.4:5", "did you mean --listen?")]
    [InlineData("rooms.txt", "unexpected argument 'rooms.txt'")]
    [InlineData("-s 1.2.3.4", "unexpected argument '-s'")]
    [InlineData("--", "unexpected argument '--'")]
    [InlineData("--listen", "--listen needs a value: --listen HOST:PORT")]
    [InlineData("--listen --server a:1", "--listen needs a value")]
    [InlineData("--server", "--server needs a value: --server [NAME=]HOST[:PORT]")]
    [InlineData("--servers-file", "--servers-file needs a value")]
    [InlineData("--servers-file=", "--servers-file needs a file name")]
    [InlineData("--offset", "--offset needs a value: --offset NAME=MS")]
    [InlineData("--listen 1.2.3.4:1 --listen 1.2.3.4:2", "--listen is given more than once")]
    [InlineData("--servers-file a --servers-file b", "--servers-file is given more than once")]
    [InlineData("--listen music.lan:6600", "--listen: cannot listen on 'music.lan'")]
    [InlineData("--listen 1.2.3.4:99999", "--listen: '1.2.3.4:99999': port 99999 is out of range")]
    [InlineData("--server ::1", "--server: '::1' looks like an IPv6 address: put it in brackets")]
    [InlineData("--server host:0", "--server: 'host:0': port 0 is out of range")]
    [InlineData("--server host:70000", "port 70000 is out of range")]
    [InlineData("--server host:abc", "port 'abc' is not a number")]
    [InlineData("--server =host:1", "--server: '=host:1': the server name is empty")]
    [InlineData("--server a=", "--server: the address is empty")]
    [InlineData("--offset kitchen", "--offset: 'kitchen' is not NAME=MS")]
    [InlineData("--offset kitchen=abc", "--offset: 'abc' in 'kitchen=abc' is not a number of milliseconds")]
    [InlineData("--offset kitchen=NaN", "outside -10000..10000 ms")]
    [InlineData("--offset kitchen=20000", "outside -10000..10000 ms")]
    [InlineData("--offset =5", "the server name is empty")]
    [InlineData("--read-policy fastest", "--read-policy: 'fastest' is not a read policy (lowest-latency, race or fixed=NAME)")]
    [InlineData("--read-policy fixed", "is not a read policy")]
    [InlineData("--read-policy race=kitchen", "is not a read policy")]
    [InlineData("--read-policy fixed=", "the server name is empty")]
    public void Bad_flags_are_reported_clearly(string args, string message)
    {
        var e = Assert.Throws<InvalidSettingsException>(() => Parse(args));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void A_section_key_flag_sets_any_configuration_key()
    {
        var o = Parse("--Serilog:MinimumLevel:Default=Debug --Prosync:Listen 127.0.0.1:7000");
        Assert.Equal(
            [new("Serilog:MinimumLevel:Default", "Debug"), new("Prosync:Listen", "127.0.0.1:7000")],
            o.Overrides);
    }

    [Fact]
    public void Flags_map_onto_Prosync_configuration_keys()
    {
        var o = Parse("--listen 0.0.0.0:6601 --server 127.0.0.1:6601 --server kitchen=[::1]:6602 --servers-file rooms.txt --offset kitchen=40");
        var keys = o.ToConfiguration(new ConfigurationBuilder().Build());
        Assert.Equal(
            new Dictionary<string, string?>
            {
                ["Prosync:Listen"] = "0.0.0.0:6601",
                ["Prosync:ServersFile"] = "rooms.txt",
                ["Prosync:Servers:0:Address"] = "127.0.0.1:6601",
                ["Prosync:Servers:1:Address"] = "[::1]:6602",
                ["Prosync:Servers:1:Name"] = "kitchen",
                ["Prosync:Offsets:0"] = "kitchen=40",
            },
            keys.ToDictionary());
    }

    [Fact]
    public void Server_flags_are_appended_after_configured_servers_instead_of_overwriting_them()
    {
        var existing = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Prosync:Servers:0:Address"] = "10.0.0.1",
            ["Prosync:Servers:0:OffsetMs"] = "25",
            ["Prosync:Servers:1:Address"] = "10.0.0.2",
            ["Prosync:Offsets:0"] = "10.0.0.1:6600=30",
        }).Build();
        var flags = Parse("--server 10.0.0.3 --offset 10.0.0.3:6600=5 --Prosync:Servers:5:Address=10.0.0.9");

        var configuration = new ConfigurationBuilder()
            .AddConfiguration(existing)
            .AddInMemoryCollection(flags.ToConfiguration(existing))
            .Build();
        var settings = ProsyncSettings.FromConfiguration(configuration);
        var servers = ServerListBuilder.Build(settings, _ => throw new InvalidOperationException("no file"));

        Assert.Equal(
            ["10.0.0.1:6600=30", "10.0.0.2:6600=0", "10.0.0.9:6600=0", "10.0.0.3:6600=5"],
            servers.Select(s => $"{s.Name}={s.OffsetMs}"));
    }
}

using Prosync.Actors.Proxy;
using Prosync.Host.Configuration;

namespace Prosync.Actors.Tests.Host;

public class ServerListBuilderTests
{
    private static ProsyncSettings Settings(params ServerSettings[] servers) => new() { Servers = [.. servers] };

    private static ServerSettings Server(string address, string? name = null, double? offset = null)
        => new() { Address = address, Name = name, OffsetMs = offset };

    private static string NoFile(string path) => throw new InvalidOperationException($"unexpected read of {path}");

    [Fact]
    public void Builds_endpoints_with_default_names_and_offsets()
    {
        var servers = ServerListBuilder.Build(
            Settings(Server("127.0.0.1:6601"), Server("[::1]", "kitchen", 40), new() { Address = "pi.lan", User = " pi ", MusicDirectory = "/music" }),
            NoFile);

        Assert.Equal(
            [new ServerEndpoint("127.0.0.1:6601", "127.0.0.1", 6601),
             new ServerEndpoint("kitchen", "::1", 6600) { OffsetMs = 40 },
             new ServerEndpoint("pi.lan:6600", "pi.lan", 6600) { User = "pi", MusicDirectory = "/music" }],
            servers);
    }

    [Fact]
    public void No_servers_is_an_empty_list_for_the_host_to_refuse()
        => Assert.Empty(ServerListBuilder.Build(new ProsyncSettings(), NoFile));

    [Fact]
    public void Servers_file_entries_follow_configured_servers()
    {
        var settings = Settings(Server("10.0.0.1"));
        settings.ServersFile = " rooms.txt ";
        string? read = null;

        var servers = ServerListBuilder.Build(settings, path => { read = path; return "10.0.0.2:6601 pi /music\n"; });

        Assert.Equal("rooms.txt", read);
        Assert.Equal(["10.0.0.1:6600", "10.0.0.2:6601"], servers.Select(s => s.Name));
    }

    [Theory]
    [InlineData(typeof(FileNotFoundException), "servers file 'rooms.txt' does not exist")]
    [InlineData(typeof(DirectoryNotFoundException), "servers file 'rooms.txt' does not exist")]
    [InlineData(typeof(UnauthorizedAccessException), "servers file 'rooms.txt' cannot be read: ")]
    public void An_unreadable_servers_file_is_a_clear_error(Type exception, string message)
    {
        var settings = new ProsyncSettings { ServersFile = "rooms.txt" };
        var e = Assert.Throws<InvalidSettingsException>(
            () => ServerListBuilder.Build(settings, _ => throw (Exception)Activator.CreateInstance(exception)!));
        Assert.StartsWith(message, e.Message);
    }

    [Fact]
    public void Duplicate_names_are_refused_whatever_their_case()
    {
        var e = Assert.Throws<InvalidSettingsException>(
            () => ServerListBuilder.Build(Settings(Server("10.0.0.1", "Kitchen"), Server("10.0.0.2", "kitchen")), NoFile));
        Assert.Equal("two servers are named 'kitchen' (Prosync:Servers:0 and Prosync:Servers:1); names must be unique", e.Message);
    }

    [Fact]
    public void The_same_server_twice_is_refused_across_configuration_and_file()
    {
        var settings = Settings(Server("[::1]:6601", "a"));
        settings.ServersFile = "rooms.txt";
        var e = Assert.Throws<InvalidSettingsException>(
            () => ServerListBuilder.Build(settings, _ => "# rooms\nb=[::1]:6601\n"));
        Assert.Equal("server [::1]:6601 is listed twice (Prosync:Servers:0 and rooms.txt:2)", e.Message);
    }

    [Fact]
    public void A_default_name_colliding_with_an_explicit_one_is_refused()
    {
        var e = Assert.Throws<InvalidSettingsException>(
            () => ServerListBuilder.Build(Settings(Server("10.0.0.1:6600"), Server("10.0.0.2", "10.0.0.1:6600")), NoFile));
        Assert.Contains("two servers are named '10.0.0.1:6600'", e.Message);
    }

    [Fact]
    public void Offsets_override_the_configured_offset_by_name()
    {
        var settings = Settings(Server("10.0.0.1", "kitchen", 10), Server("[::1]:6601"));
        settings.Offsets = ["KITCHEN=40", "[::1]:6601=-5"];
        var servers = ServerListBuilder.Build(settings, NoFile);
        Assert.Equal([40.0, -5.0], servers.Select(s => s.OffsetMs));
    }

    [Fact]
    public void An_offset_for_an_unknown_server_names_the_known_ones()
    {
        var settings = Settings(Server("10.0.0.1", "kitchen"), Server("10.0.0.2", "living"));
        settings.Offsets = ["bath=40"];
        var e = Assert.Throws<InvalidSettingsException>(() => ServerListBuilder.Build(settings, NoFile));
        Assert.Equal("offset 'bath=40': no server is named 'bath' (known: kitchen, living)", e.Message);
    }

    [Theory]
    [InlineData(null, null, null, "Prosync:Servers:0:Address is missing")]
    [InlineData(" ", null, null, "Prosync:Servers:0:Address is missing")]
    [InlineData("host:99999", null, null, "Prosync:Servers:0:Address: 'host:99999': port 99999 is out of range")]
    [InlineData("fe80::1", null, null, "Prosync:Servers:0:Address: 'fe80::1' looks like an IPv6 address")]
    [InlineData("host", "two words", null, "Prosync:Servers:0:Name: server name 'two words' must be at most 64 characters without spaces")]
    [InlineData("host", null, 1e6, "Prosync:Servers:0:OffsetMs: offset 1000000 ms is outside")]
    public void Bad_configured_values_name_their_key(string? address, string? name, double? offset, string message)
    {
        var e = Assert.Throws<InvalidSettingsException>(
            () => ServerListBuilder.Build(Settings(new ServerSettings { Address = address, Name = name, OffsetMs = offset }), NoFile));
        Assert.StartsWith(message, e.Message);
    }
}

using Prosync.Actors.Proxy;
using Prosync.Host.Configuration;

namespace Prosync.Actors.Tests.Host;

public class ServersFileTests
{
    private static IReadOnlyList<ServerEndpoint> Parse(string text)
        => ServersFile.Parse(text, "rooms.txt").Select(s => s.Server).ToList();

    [Fact]
    public void Reads_one_server_a_line_skipping_comments_and_blank_lines()
    {
        var servers = ServersFile.Parse("""
            # the house
            localhost:6601

              # indented comment
            127.0.0.1:6602
            """, "rooms.txt");

        Assert.Equal(["localhost:6601", "127.0.0.1:6602"], servers.Select(s => s.Server.Name));
        Assert.Equal(["rooms.txt:2", "rooms.txt:5"], servers.Select(s => s.Source));
    }

    [Theory]
    [InlineData("localhost:6667", null, null)]
    [InlineData("localhost:6667 gshubham", "gshubham", null)]
    [InlineData("localhost:6667 gshubham ~/Desktop/Music/", "gshubham", "~/Desktop/Music/")]
    [InlineData("localhost:6667 pi /srv/My Music", "pi", "/srv/My Music")]
    [InlineData("localhost:6667 /var/lib/mpd/music", null, "/var/lib/mpd/music")]
    [InlineData("localhost:6667\tpi\t./music  ", "pi", "./music")]
    [InlineData("localhost 6667 gshubham ~/Desktop/Music/", "gshubham", "~/Desktop/Music/")]
    public void Reads_the_optional_user_and_music_directory(string line, string? user, string? dir)
    {
        var s = Assert.Single(Parse(line));
        Assert.Equal(new ServerEndpoint("localhost:6667", "localhost", 6667), s with { User = null, MusicDirectory = null });
        Assert.Equal(user, s.User);
        Assert.Equal(dir, s.MusicDirectory);
    }

    [Fact]
    public void Accepts_the_earliest_format_with_host_and_port_apart()
    {
        var s = Assert.Single(Parse("10.31.87.33 3000 saurabh ~/CS191/Music/"));
        Assert.Equal(("10.31.87.33", 3000, "saurabh"), (s.Host, s.Port, s.User));
    }

    [Fact]
    public void Accepts_the_earliest_format_with_an_IPv6_host()
    {
        var s = Assert.Single(Parse("[::1] 6601 pi"));
        Assert.Equal(("::1", 6601, "pi"), (s.Host, s.Port, s.User));
    }

    [Fact]
    public void Accepts_names_IPv6_CRLF_and_a_default_port()
    {
        var servers = Parse("kitchen=[fd00::20]:6601 pi\r\n[::1]\r\nliving=living.lan\r\n");
        Assert.Equal(
            [new ServerEndpoint("kitchen", "fd00::20", 6601) { User = "pi" },
             new ServerEndpoint("[::1]:6600", "::1", 6600),
             new ServerEndpoint("living", "living.lan", 6600)],
            servers);
    }

    [Fact]
    public void An_empty_file_has_no_servers() => Assert.Empty(Parse("\n# nothing yet\n"));

    [Theory]
    [InlineData("localhost:6601\nlocalhost:abc pi", "rooms.txt:2: 'localhost:abc': port 'abc' is not a number")]
    [InlineData("# c\n\n::1 pi", "rooms.txt:3: '::1' looks like an IPv6 address")]
    [InlineData("host:0", "rooms.txt:1: 'host:0': port 0 is out of range")]
    [InlineData("a\nb\nc\nbad/host", "rooms.txt:4: 'bad/host': 'bad/host' is not a valid host name")]
    [InlineData("=host:1", "rooms.txt:1: '=host:1': the server name is empty")]
    public void Bad_lines_are_reported_with_file_and_line_number(string text, string message)
    {
        var e = Assert.Throws<InvalidSettingsException>(() => Parse(text));
        Assert.StartsWith(message, e.Message);
    }
}

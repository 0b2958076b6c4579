using Prosync.Actors.Protocol;

namespace Prosync.Actors.Tests.Protocol;

public class GreetingTests
{
    [Theory]
    [InlineData("OK MPD 0.23.5", 0, 23, 5)]      // what mpd 0.23.12 sends: the protocol version
    [InlineData("OK MPD 0.23.5\n", 0, 23, 5)]
    [InlineData("OK MPD 0.23.5\r\n", 0, 23, 5)]
    [InlineData("OK MPD 0.24.0", 0, 24, 0)]
    [InlineData("OK MPD 0.21.11", 0, 21, 11)]
    [InlineData("OK MPD 1.0", 1, 0, 0)]
    [InlineData("OK MPD 10.200.3000", 10, 200, 3000)]
    public void Parses_greetings(string line, int major, int minor, int patch)
    {
        Assert.True(Greeting.TryParse(line, out MpdVersion version));
        Assert.Equal(new MpdVersion(major, minor, patch), version);
    }

    [Theory]
    [InlineData("")]
    [InlineData("OK")]
    [InlineData("OK MPD")]
    [InlineData("OK MPD ")]
    [InlineData("OK MPD 0")]
    [InlineData("OK MPD x.y.z")]
    [InlineData("OK MPD 0.23.5.1")]
    [InlineData("OK MPD -1.2.3")]
    [InlineData("OK MPD 0..3")]
    [InlineData("OK MPD 0.23.")]
    [InlineData("ok MPD 0.23.5")]
    [InlineData("MPD 0.23.5")]
    [InlineData("OK MPD+0.23.5")]
    [InlineData("ACK [5@0] {} x")]
    public void Rejects_other_lines(string line)
    {
        Assert.False(Greeting.TryParse(line, out _));
    }

    [Fact]
    public void Formats_a_greeting_that_parses_back()
    {
        var version = new MpdVersion(0, 23, 5);
        Assert.Equal("OK MPD 0.23.5", Greeting.Format(version));
        Assert.Equal("0.23.5", version.ToString());
        Assert.True(Greeting.TryParse(Greeting.Format(version), out MpdVersion back));
        Assert.Equal(version, back);
    }

    [Fact]
    public void Versions_order_numerically_so_the_lowest_can_be_presented()
    {
        MpdVersion[] versions = [new(0, 23, 5), new(0, 21, 11), new(0, 23, 10), new(0, 9, 0), new(1, 0, 0)];
        Assert.Equal([new(0, 9, 0), new(0, 21, 11), new(0, 23, 5), new(0, 23, 10), new(1, 0, 0)], versions.Order());
        Assert.Equal(new MpdVersion(0, 9, 0), versions.Min());
        Assert.True(new MpdVersion(0, 23, 5) < new MpdVersion(0, 23, 10));
        Assert.True(new MpdVersion(0, 23, 5) >= new MpdVersion(0, 23, 5));
    }
}

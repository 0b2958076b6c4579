using Prosync.Host.Configuration;

namespace Prosync.Actors.Tests.Rooms;

/// <summary><c>Prosync:Servers:N:Trim</c>: a room's initial trim, checked like every other setting.</summary>
public sealed class ConfiguredTrimTests
{
    private static ProsyncSettings With(double? trim) => new()
    {
        Servers = [new ServerSettings { Name = "kitchen", Address = "127.0.0.1:6601", Trim = trim }],
    };

    [Fact]
    public void A_configured_trim_reaches_the_room()
    {
        var servers = ServerListBuilder.Build(With(0.4), _ => throw new InvalidOperationException("no file"));
        Assert.Equal(0.4, servers[0].Trim);
        Assert.Null(ServerListBuilder.Build(With(null), _ => "")[0].Trim);
    }

    [Theory]
    [InlineData(1.5)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    public void A_trim_outside_0_to_1_is_an_error_that_names_its_key(double trim)
    {
        var e = Assert.Throws<InvalidSettingsException>(() => ServerListBuilder.Build(With(trim), _ => ""));
        Assert.StartsWith("Prosync:Servers:0:Trim must be a factor from 0 (muted) to 1", e.Message);
    }
}

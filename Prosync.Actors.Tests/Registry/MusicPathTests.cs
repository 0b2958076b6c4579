using Prosync.Host.Agent;

namespace Prosync.Actors.Tests.Registry;

public class MusicPathTests
{
    [Theory]
    [InlineData("a.flac")]
    [InlineData("Zoë Quartet/Night Songs/01 Don't Stop.flac")]
    [InlineData("dir/..name.flac")] // dots inside a name are a name
    public void Paths_inside_the_music_directory_resolve_under_it(string path)
    {
        Assert.True(MusicPath.TryResolve("/srv/music", path, out var full, out var error), error);
        Assert.StartsWith("/srv/music/", full);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("/etc/passwd")]
    [InlineData("../x.flac")]
    [InlineData("a/../../x.flac")]
    [InlineData("a/./x.flac")]
    [InlineData("a//x.flac")]
    [InlineData("a\\x.flac")]
    [InlineData("a\0x.flac")]
    [InlineData("a/")]
    [InlineData("a.flac.prosync-part")]
    public void Anything_else_is_refused_with_a_reason(string? path)
    {
        Assert.False(MusicPath.TryResolve("/srv/music", path, out _, out var error));
        Assert.NotEmpty(error);
    }
}

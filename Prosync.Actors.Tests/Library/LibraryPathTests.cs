using Prosync.Actors.Library;

namespace Prosync.Actors.Tests.Library;

public sealed class LibraryPathTests
{
    [Theory]
    [InlineData("a.flac")]
    [InlineData("Zoë Quartet/Night Songs/01 Don't Stop.flac")]
    [InlineData("dir/..hidden.flac")] // dots inside a name are a name
    public void Relative_file_paths_are_accepted_and_resolve_under_the_root(string path)
    {
        Assert.True(LibraryPath.TryValidate(path, out var error), error);
        Assert.Equal("/music/" + path, LibraryPath.Under("/music", path));
        Assert.True(LibraryPath.TryResolve("/srv/music/", path, out var full, out error), error);
        Assert.Equal("/srv/music/" + path, full);
    }

    [Theory]
    [InlineData(null, "empty")]
    [InlineData("", "empty")]
    [InlineData("/etc/passwd", "absolute")]
    [InlineData("../x.flac", "'..'")]
    [InlineData("a/../../x.flac", "'..'")]
    [InlineData("a/./x.flac", "'.'")]
    [InlineData("a//x.flac", "empty")]
    [InlineData("a\\x.flac", "backslash")]
    [InlineData("a\0.flac", "NUL")]
    [InlineData("dir/", "directory")]
    [InlineData("x.flac.prosync-part", "reserved")]
    public void Paths_that_could_leave_the_music_directory_are_refused_with_why(string? path, string why)
    {
        Assert.False(LibraryPath.TryValidate(path, out var error));
        Assert.Contains(why, error, StringComparison.Ordinal);
        Assert.False(LibraryPath.TryResolve("/srv/music", path, out var full, out var resolveError));
        Assert.Equal(error, resolveError);
        Assert.Equal("", full);
        Assert.Throws<ArgumentException>(() => LibraryPath.Under("/music", path!));
    }
}

using Prosync.Actors.Library;

namespace Prosync.Actors.Tests.Library;

public sealed class LibraryPathTests
{
    [Theory]
    [InlineData("a.flac")]
    [InlineData("Zoë Quartet/Night Songs/01 Don't Stop.flac")]
    [InlineData("dir/..hidden.flac")]
    public void Relative_file_paths_are_accepted(string path)
    {
        Assert.True(LibraryPath.TryValidate(path, out var error), error);
        Assert.StartsWith("/music/", LibraryPath.Under("/music", path), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("/etc/passwd", "absolute")]
    [InlineData("../x.flac", "'..'")]
    [InlineData("a/../../x.flac", "'..'")]
    [InlineData("a//x.flac", "empty")]
    [InlineData("a\\x.flac", "backslash")]
    [InlineData("a\0.flac", "NUL")]
    [InlineData("dir/", "directory")]
    [InlineData("x.flac.prosync-part", "reserved")]
    public void Paths_that_could_leave_the_music_directory_are_refused_with_why(string path, string why)
    {
        Assert.False(LibraryPath.TryValidate(path, out var error));
        Assert.Contains(why, error, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => LibraryPath.Under("/music", path));
    }
}

using Prosync.Actors.Library;
using Prosync.Actors.Protocol;

namespace Prosync.Actors.Tests.Library;

public sealed class FileLookupTests
{
    [Theory]
    [InlineData("add", new[] { "A/x y.flac" }, "listall \"A/x y.flac\"")]
    [InlineData("addid", new[] { "A/x.flac", "3" }, "listall \"A/x.flac\"")]
    [InlineData("add", new[] { "A" }, "listall \"A\"")]
    [InlineData("playlistadd", new[] { "list", "A/x.flac" }, "listall \"A/x.flac\"")]
    [InlineData("findadd", new[] { "(Artist == \"Z\")", "sort", "Title", "position", "2" }, "find \"(Artist == \\\"Z\\\")\" \"sort\" \"Title\"")]
    [InlineData("searchadd", new[] { "any", "dawn" }, "search \"any\" \"dawn\"")]
    [InlineData("searchaddpl", new[] { "mix", "any", "dawn" }, "search \"any\" \"dawn\"")]
    public void A_command_that_takes_files_from_the_library_lists_them_per_room(string command, string[] args, string expected)
        => Assert.Equal(expected, FileLookup.QueryFor(new MpdRequest(command, args)));

    [Theory]
    [InlineData("add", new[] { "http://radio.example/stream" })]
    [InlineData("load", new[] { "list" })]
    [InlineData("play", new[] { "0" })]
    [InlineData("clear", new string[0])]
    public void Other_commands_and_streams_list_nothing(string command, string[] args)
        => Assert.Null(FileLookup.QueryFor(new MpdRequest(command, args)));

    [Fact]
    public void Load_names_its_stored_playlist_and_nothing_else_does()
    {
        Assert.Equal("party mix", FileLookup.PlaylistFor(new MpdRequest("load", ["party mix", "0:3"])));
        Assert.Null(FileLookup.PlaylistFor(new MpdRequest("add", ["party mix"])));
    }
}

using Microsoft.Extensions.Configuration;
using Prosync.Host.Configuration;
using Prosync.Host.Library;

namespace Prosync.Actors.Tests.Library;

/// <summary><c>--music-dir NAME=DIR</c> and the <c>upload</c> verb's arguments.</summary>
public sealed class LibraryCommandLineTests
{
    private static IReadOnlyList<Actors.Proxy.ServerEndpoint> Servers(params string[] args)
    {
        var flags = CommandLine.Parse(args);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(flags.ToConfiguration(new ConfigurationBuilder().Build())).Build();
        return ServerListBuilder.Build(ProsyncSettings.FromConfiguration(configuration), _ => "");
    }

    [Fact]
    public void Music_dir_sets_the_named_rooms_music_directory()
    {
        var servers = Servers("--server", "kitchen=10.0.0.2", "--server", "bedroom=10.0.0.3", "--music-dir", "bedroom=/srv/music");
        Assert.Null(servers[0].MusicDirectory);
        Assert.Equal("/srv/music", servers[1].MusicDirectory);
    }

    [Theory]
    [InlineData("bedroom", "not NAME=DIR")]
    [InlineData("bedroom=music", "not an absolute directory")]
    [InlineData("attic=/srv/music", "no server is named 'attic'")]
    public void A_bad_music_dir_is_an_error_that_says_why(string value, string why)
    {
        var error = Assert.Throws<InvalidSettingsException>(() => Servers("--server", "bedroom=10.0.0.3", "--music-dir", value));
        Assert.Contains(why, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Upload_takes_files_a_directory_and_the_proxy()
    {
        var file = Path.GetTempFileName();
        try
        {
            var options = UploadCommandLine.Parse([file, "--dir", "/New Album/", "--proxy", "localhost:9090"]);
            Assert.Equal([file], options.Files);
            Assert.Equal("New Album/" + Path.GetFileName(file), options.LibraryPathOf(file));
            Assert.Equal("localhost:9090", options.Proxy);
            Assert.Equal(UploadCommandLine.DefaultProxy, UploadCommandLine.Parse([file]).Proxy);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData(new string[0], "at least one FILE")]
    [InlineData(new[] { "/no/such/file.flac" }, "is not a file")]
    [InlineData(new[] { "--dir", "../up", "FILE" }, "--dir")]
    [InlineData(new[] { "FILE", "--proxy" }, "--proxy needs a value")]
    [InlineData(new[] { "FILE", "--proxy", "no port here:" }, "--proxy")]
    [InlineData(new[] { "FILE", "--fast" }, "unknown option '--fast'")]
    public void Bad_upload_arguments_are_errors_that_say_why(string[] args, string why)
    {
        var file = Path.GetTempFileName();
        try
        {
            var error = Assert.Throws<InvalidSettingsException>(() => UploadCommandLine.Parse(args.Select(a => a == "FILE" ? file : a).ToArray()));
            Assert.Contains(why, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task The_upload_verb_with_bad_arguments_exits_2_with_the_reason_on_stderr()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        Assert.Equal(2, await Prosync.Host.Hosting.ProsyncHost.RunAsync(["upload"], stdout, stderr));
        Assert.Contains("upload needs at least one FILE", stderr.ToString(), StringComparison.Ordinal);
    }
}

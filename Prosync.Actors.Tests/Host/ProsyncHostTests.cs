using Prosync.Host.Hosting;

namespace Prosync.Actors.Tests.Host;

/// <summary>The process contract: exit codes and messages for what never reaches the proxy.</summary>
public class ProsyncHostTests
{
    private static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await ProsyncHost.RunAsync(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Help_prints_usage_and_exits_0()
    {
        var (code, stdout, stderr) = await Run("--help");
        Assert.Equal(ExitCode.Ok, code);
        Assert.Contains("--server [NAME=]HOST[:PORT]", stdout);
        Assert.Empty(stderr);
    }

    [Theory]
    [InlineData("--bogus", "error: unknown option '--bogus'")]
    [InlineData("--server ::1", "error: --server: '::1' looks like an IPv6 address")]
    [InlineData("--server 127.0.0.1:6601 --offset bath=3", "error: offset 'bath=3': no server is named 'bath'")]
    [InlineData("--server 127.0.0.1:6601 --servers-file /nonexistent/rooms.txt", "error: servers file '/nonexistent/rooms.txt' does not exist")]
    [InlineData("--server 127.0.0.1:6601 --Prosync:Listen=music.lan:6600", "error: Prosync:Listen: cannot listen on 'music.lan'")]
    [InlineData("--server 127.0.0.1:6601 --Prosync:Servers:0:OffsetMs=abc", "error: Failed to convert configuration value")]
    public async Task Bad_usage_prints_one_clear_error_and_exits_2(string args, string message)
    {
        var (code, stdout, stderr) = await Run(args.Split(' '));
        Assert.Equal(ExitCode.BadUsage, code);
        Assert.StartsWith(message, stderr);
        Assert.EndsWith("Run with --help for usage." + Environment.NewLine, stderr);
        Assert.DoesNotContain("   at ", stderr);
        Assert.Empty(stdout);
    }

    [Fact]
    public async Task Without_servers_it_exits_2_and_says_how_to_add_them()
    {
        var (code, _, stderr) = await Run("--listen", "127.0.0.1:0");
        Assert.Equal(ExitCode.BadUsage, code);
        Assert.Contains("no MPD servers configured", stderr);
        Assert.Contains("--server 127.0.0.1:6601", stderr);
        Assert.Contains("--servers-file FILE", stderr);
    }
}

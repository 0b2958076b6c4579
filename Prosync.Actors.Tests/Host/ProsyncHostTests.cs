using Prosync.Host.Demo;
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
    [InlineData("--server 127.0.0.1:6601 --http music.lan:8080", "error: --http: cannot listen on 'music.lan'")]
    [InlineData("--server 127.0.0.1:6601 --Prosync:Http=8080", "error: Prosync:Http: '8080': '8080' is not an IPv4 address")]
    [InlineData("--server 127.0.0.1:6601 --latency-log", "error: --latency-log needs a value: --latency-log FILE")]
    [InlineData("--demo=yes", "error: --demo takes no value")]
    [InlineData("--server 127.0.0.1:6601 --Prosync:Demo:Enabeld=true", "error: unknown setting 'Prosync:Demo:Enabeld'")]
    [InlineData("--server kitchen=127.0.0.1:6601 --read-policy fixed=attic", "error: Prosync:ReadPolicy: no server is named 'attic' (servers: kitchen)")]
    [InlineData("--server 127.0.0.1:6601 --Prosync:ReadPolicy=nearest", "error: Prosync:ReadPolicy: 'nearest' is not a read policy")]
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
    public void Without_mpd_or_sox_the_demo_says_what_to_install_and_how_to_name_servers_instead()
    {
        var missing = DemoPrerequisites.Missing(tool => tool == "mpd" ? "/usr/bin/mpd" : null);
        var message = DemoPrerequisites.Explain(missing, noServers: true);

        Assert.Equal(["sox"], missing);
        Assert.StartsWith("no MPD servers configured, so Prosync would start its demo, but sox is not installed.", message);
        Assert.Contains("apt-get install mpd sox", message);
        Assert.Contains("--server 127.0.0.1:6601", message);
        Assert.Contains("--servers-file FILE", message);
        Assert.Empty(DemoPrerequisites.Missing(tool => "/usr/bin/" + tool));
    }

    [Fact]
    public async Task A_broken_akka_hocon_is_a_usage_error_that_names_the_file_and_the_line()
    {
        var path = Path.Combine(Path.GetTempPath(), $"prosync-broken-{Guid.NewGuid():N}.hocon");
        await File.WriteAllTextAsync(path, "akka {\n  loglevel = INFO\n  actor {\n}\n");
        try
        {
            var (code, _, stderr) = await Run("--server", "a=127.0.0.1:1", $"--Prosync:AkkaConfig={path}");
            Assert.Equal(ExitCode.BadUsage, code);
            Assert.StartsWith($"error: {path}:1: '{{' is never closed", stderr);
        }
        finally
        {
            File.Delete(path);
        }
    }
}

using Prosync.Host.Hosting;

namespace Prosync.Actors.Tests.Registry;

/// <summary>The agent and fetch verbs' bad usage: one clear error, exit code 2, nothing started.</summary>
public class AgentCommandLineTests
{
    private static async Task<(int Code, string Err)> Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await ProsyncHost.RunAsync(args, stdout, stderr);
        return (code, stderr.ToString());
    }

    [Theory]
    [InlineData("agent --name a --mpd 127.0.0.1:6600 --music-dir /tmp", "agent needs --registry HOST:PORT")]
    [InlineData("agent --registry 127.0.0.1:8080 --name a --mpd 127.0.0.1:6600 --music-dir /nonexistent-dir", "--music-dir: no directory")]
    [InlineData("agent --registry nowhere:port --name a --mpd 127.0.0.1:6600 --music-dir /tmp", "--registry")]
    [InlineData("agent --registry 127.0.0.1:8080 --name a --mpd 127.0.0.1:6600 --music-dir /tmp --keepalive 0", "--keepalive")]
    [InlineData("agent --registry 127.0.0.1:8080 --name a --mpd 127.0.0.1:6600 --music-dir /tmp --keepalive 1 --keepalive 2", "more than once")]
    [InlineData("agent --registry 127.0.0.1:8080 --name a --mpd 127.0.0.1:6600 --music-dir /tmp --advertise ftp://x", "--advertise")]
    [InlineData("agent --registry 127.0.0.1:8080 --nmae a", "unknown option '--nmae'")]
    [InlineData("--server a=127.0.0.1:1 --Prosync:Registry:TimeoutSeconds=0", "Prosync:Registry:TimeoutSeconds")]
    [InlineData("--server a=127.0.0.1:1 --Prosync:Registry:Timeout=3", "unknown setting 'Prosync:Registry:Timeout'")]
    [InlineData("fetch a.flac", "fetch needs -o FILE")]
    [InlineData("fetch ../a.flac -o x", "'..' segment")]
    [InlineData("fetch a.flac -o x --selection best", "--selection")]
    [InlineData("fetch a.flac -o x --optimize speed", "--optimize")]
    [InlineData("fetch a.flac b.flac -o x", "unexpected argument 'b.flac'")]
    public async Task Bad_usage_is_one_clear_error_and_exit_code_2(string args, string message)
    {
        var (code, err) = await Run(args.Split(' '));
        Assert.Equal(ExitCode.BadUsage, code);
        Assert.Contains(message, err);
    }

    [Theory]
    [InlineData("agent --help", "--music-dir DIR")]
    [InlineData("fetch --help", "--selection MODE")]
    public async Task Help_is_printed_and_exits_0(string args, string expected)
    {
        var stdout = new StringWriter();
        Assert.Equal(ExitCode.Ok, await ProsyncHost.RunAsync(args.Split(' '), stdout, new StringWriter()));
        Assert.Contains(expected, stdout.ToString());
    }
}

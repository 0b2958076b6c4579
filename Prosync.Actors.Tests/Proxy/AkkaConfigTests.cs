using Akka.Configuration;
using Prosync.Actors.Proxy;
using Prosync.Actors.Servers;

namespace Prosync.Actors.Tests.Proxy;

/// <summary>akka.hocon: found, read for Prosync's own block, and a broken one named by file and line.</summary>
public sealed class AkkaConfigTests
{
    [Fact]
    public void The_server_backoff_comes_from_akka_hocon()
    {
        var backoff = ServerBackoff.FromConfig(AkkaConfig.Load());

        // Small first step: a restarted MPD rejoins within about 0.2 s.
        Assert.Equal(new ServerBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5), 0.2, TimeSpan.FromSeconds(60)), backoff);
    }

    [Fact]
    public void The_file_next_to_the_program_is_the_repository_s_akka_hocon()
    {
        Assert.True(File.Exists(AkkaConfig.DefaultPath), $"{AkkaConfig.DefaultPath} is not copied next to the program");
        Assert.Equal(AkkaConfig.Load().GetString("akka.loggers.0", ""), AkkaConfig.Load(AkkaConfig.DefaultPath).GetString("akka.loggers.0", ""));
        Assert.Contains("SerilogLogger", string.Join(",", AkkaConfig.Load().GetStringList("akka.loggers")));
    }

    [Theory]
    [InlineData("prosync.server-backoff { min = 2s, max = 1s, random-factor = 0.2, reset-after = 1m }", "prosync.server-backoff.max is below min")]
    [InlineData("prosync.server-backoff { min = 1s, max = 2s, random-factor = 3, reset-after = 1m }", "prosync.server-backoff.random-factor must be within 0 to 1")]
    [InlineData("prosync.server-backoff { max = 2s, random-factor = 0.2, reset-after = 1m }", "prosync.server-backoff.min must be a positive duration")]
    public void A_bad_backoff_setting_names_its_key(string hocon, string message)
    {
        var e = Assert.Throws<ConfigurationException>(() => ServerBackoff.FromConfig(ConfigurationFactory.ParseString(hocon)));
        Assert.Equal(message, e.Message);
    }

    [Theory]
    [InlineData("a {\n  b = 1\n  c {\n", "x.hocon:3: '{' is never closed")]
    [InlineData("a {\n  b = 1\n}\n}\n", "x.hocon:4: '}' closes nothing")]
    [InlineData("a {\n  b = [1, 2\n}\n", "x.hocon:3: '}' does not close the '[' of line 2")]
    [InlineData("a {\n  b = \"x\n}\n", "x.hocon:2: unterminated string")]
    [InlineData("a {\n  # a } in a comment, and \"one\" in a string: { [\n  b = \"}\"\n  c = @\n}\n", "x.hocon:4: Unknown token at position")]
    public void A_broken_file_is_reported_with_its_name_and_line(string text, string message)
    {
        var e = Assert.Throws<AkkaConfigException>(() => AkkaConfig.Parse(text, "x.hocon"));
        Assert.StartsWith(message, e.Message);
    }
}

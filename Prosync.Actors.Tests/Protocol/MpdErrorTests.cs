using Prosync.Actors.Protocol;

namespace Prosync.Actors.Tests.Protocol;

public class MpdErrorTests
{
    /// <summary>ACK lines as mpd 0.23.12 sent them.</summary>
    public static TheoryData<string, AckCode, int, string, string> Lines => new()
    {
        { "ACK [5@0] {} unknown command \"foo\"", AckCode.Unknown, 0, "", "unknown command \"foo\"" },
        { "ACK [2@0] {ping} wrong number of arguments for \"ping\"", AckCode.Arg, 0, "ping", "wrong number of arguments for \"ping\"" },
        { "ACK [2@0] {add} too few arguments for \"add\"", AckCode.Arg, 0, "add", "too few arguments for \"add\"" },
        { "ACK [2@0] {} Too many arguments", AckCode.Arg, 0, "", "Too many arguments" },
        { "ACK [5@1] {} Missing closing '\"'", AckCode.Unknown, 1, "", "Missing closing '\"'" },
        { "ACK [50@0] {lsinfo} No such directory", AckCode.NoExist, 0, "lsinfo", "No such directory" },
        { "ACK [3@0] {password} incorrect password", AckCode.Password, 0, "password", "incorrect password" },
        { "ACK [4@0] {config} Command only permitted to local clients", AckCode.Permission, 0, "config", "Command only permitted to local clients" },
        { "ACK [2@0] {idle} Unrecognized idle event: foo", AckCode.Arg, 0, "idle", "Unrecognized idle event: foo" },
        { "ACK [2@0] {albumart} Offset too large", AckCode.Arg, 0, "albumart", "Offset too large" },
        { "ACK [5@0] {sticker} sticker database is disabled", AckCode.Unknown, 0, "sticker", "sticker database is disabled" },
        { "ACK [5@1] {} unknown command \"command_list_begin\"", AckCode.Unknown, 1, "", "unknown command \"command_list_begin\"" },
        { "ACK [55@12] {next} Not playing", AckCode.PlayerSync, 12, "next", "Not playing" },
        { "ACK [99@3] {x} a code from the future [1@2] {y}", (AckCode)99, 3, "x", "a code from the future [1@2] {y}" },
        { "ACK [5@0] {} ", AckCode.Unknown, 0, "", "" },
    };

    [Theory]
    [MemberData(nameof(Lines))]
    public void Parses_and_formats_MPDs_ACK_lines(string line, AckCode code, int index, string command, string message)
    {
        var expected = new MpdError(code, index, command, message);
        Assert.True(MpdError.TryParse(line, out MpdError? parsed));
        Assert.Equal(expected, parsed);
        Assert.True(MpdError.TryParse(line + "\n", out MpdError? withNewline));
        Assert.Equal(expected, withNewline);
        Assert.Equal(line, expected.ToString());
    }

    [Theory]
    [InlineData("OK")]
    [InlineData("")]
    [InlineData("ACK")]
    [InlineData("ACK [")]
    [InlineData("ack [5@0] {} x")]
    [InlineData("ACK [x@0] {} m")]
    [InlineData("ACK [5@] {} m")]
    [InlineData("ACK [@0] {} m")]
    [InlineData("ACK [-5@0] {} m")]
    [InlineData("ACK [5@0] m")]
    [InlineData("ACK [5@0]{} m")]
    [InlineData("ACK [5@0] {m")]
    [InlineData("ACK [5 0] {} m")]
    [InlineData("ACK [99999999999@0] {} m")]
    public void Rejects_lines_that_are_not_ACKs(string line)
    {
        Assert.False(MpdError.TryParse(line, out _));
    }

    [Fact]
    public void WithListIndex_moves_the_error_into_a_command_list()
    {
        MpdError error = MpdError.UnknownCommand("x").WithListIndex(3);
        Assert.Equal("ACK [5@3] {} unknown command \"x\"", error.ToString());
    }

    [Fact]
    public void Ack_codes_have_MPDs_numbers()
    {
        Assert.Equal(
            [1, 2, 3, 4, 5, 50, 51, 52, 53, 54, 55, 56],
            Enum.GetValues<AckCode>().Select(c => (int)c));
    }
}

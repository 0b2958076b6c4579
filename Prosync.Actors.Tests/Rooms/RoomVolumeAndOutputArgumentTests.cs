using Prosync.Actors.Protocol;
using Prosync.Actors.Rooms;

namespace Prosync.Actors.Tests.Rooms;

public sealed class RoomVolumeAndOutputArgumentTests
{
    [Theory]
    [InlineData(80, 1.0, 80)]
    [InlineData(80, 0.5, 40)]
    [InlineData(55, 0.5, 28)] // 27.5 rounds up
    [InlineData(80, 0.0, 0)]
    [InlineData(0, 0.7, 0)]
    [InlineData(100, 0.33, 33)]
    public void A_room_plays_the_group_volume_times_its_trim(int group, double trim, int expected)
    {
        Assert.Equal(expected, RoomVolume.For(group, trim));
    }

    [Theory]
    [InlineData("0", 0)]
    [InlineData("7", 7)]
    [InlineData("+1", 1)]
    [InlineData("-0", 0)]
    [InlineData("4294967295", int.MaxValue)] // a valid number, past every room
    public void Output_ids_parse_as_mpd_parses_them(string argument, int id)
    {
        Assert.True(OutputArgument.TryParse("enableoutput", argument, out var parsed, out _));
        Assert.Equal(id, parsed);
    }

    [Theory]
    [InlineData("x", AckCode.Arg, "Integer expected: x")]
    [InlineData("1.5", AckCode.Arg, "Integer expected: 1.5")]
    [InlineData("", AckCode.Arg, "Integer expected: ")]
    [InlineData("-1", AckCode.Arg, "Number too large: -1")]
    [InlineData("4294967296", AckCode.Arg, "Number too large: 4294967296")]
    public void Bad_output_ids_get_mpds_errors(string argument, AckCode code, string message)
    {
        Assert.False(OutputArgument.TryParse("enableoutput", argument, out _, out var error));
        Assert.Equal(new MpdError(code, 0, "enableoutput", message), error);
    }
}

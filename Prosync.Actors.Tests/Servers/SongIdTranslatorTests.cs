using Prosync.Actors.Protocol;
using Prosync.Actors.Servers;

namespace Prosync.Actors.Tests.Servers;

public class SongIdTranslatorTests
{
    private static QueueMap Map(params int[] ids)
    {
        var map = new QueueMap();
        map.Apply(ids.Select((id, pos) => (pos, id)), ids.Length, 1);
        return map;
    }

    [Theory]
    [InlineData("playid", new[] { "11" }, new[] { "21" })]
    [InlineData("seekid", new[] { "12", "30" }, new[] { "22", "30" })]
    [InlineData("swapid", new[] { "10", "12" }, new[] { "20", "22" })]
    [InlineData("moveid", new[] { "12", "0" }, new[] { "22", "0" })]
    [InlineData("prioid", new[] { "5", "10", "11", "12" }, new[] { "5", "20", "21", "22" })]
    [InlineData("addtagid", new[] { "11", "artist", "x" }, new[] { "21", "artist", "x" })]
    [InlineData("play", new[] { "1" }, new[] { "1" })]
    public void Ids_are_translated_through_positions(string command, string[] args, string[] expected)
    {
        var primary = Map(10, 11, 12);
        var other = Map(20, 21, 22);
        var info = CommandTable.Find(command)!;
        var request = new MpdRequest(command, args);

        Assert.True(SongIdTranslator.TryResolvePositions(info, request, primary, out var positions, out var error));
        Assert.Null(error);
        Assert.Equal(expected, SongIdTranslator.Translate(info, request, positions, other).Args);
    }

    [Theory]
    [InlineData("99", AckCode.NoExist)]
    [InlineData("x", AckCode.Arg)]
    public void An_unknown_or_malformed_id_fails_like_MPD(string id, AckCode code)
    {
        var info = CommandTable.Find("deleteid")!;
        Assert.False(SongIdTranslator.TryResolvePositions(info, new MpdRequest("deleteid", [id]), Map(1, 2), out _, out var error));
        Assert.Equal(code, error!.Code);
        Assert.Equal("deleteid", error.Command);
    }
}

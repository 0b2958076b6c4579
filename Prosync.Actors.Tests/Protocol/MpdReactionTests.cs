namespace Prosync.Actors.Tests.Protocol;

public class MpdReactionTests
{
    public static TheoryData<int> Rows()
    {
        var data = new TheoryData<int>();
        for (int i = 0; i < MpdReactions.Confirmed.Length; i++)
            data.Add(i);
        return data;
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void The_protocol_layer_predicts_MPDs_confirmed_reaction(int row)
    {
        MpdReactions.Reaction r = MpdReactions.Confirmed[row];
        (string reply, bool closed) = MpdReactions.Predict(Bytes.Raw(r.Input));
        Assert.Equal((r.Reply, r.Closed), (reply, closed));
    }
}

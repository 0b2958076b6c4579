using Prosync.Actors.Servers;

namespace Prosync.Actors.Tests.Servers;

public class QueueReorderTests
{
    private static List<string> Apply(IEnumerable<string> queue, IEnumerable<QueueReorder.Move> moves)
    {
        var list = queue.ToList();
        foreach (var move in moves)
        {
            var item = list[move.From];
            list.RemoveAt(move.From);
            list.Insert(move.To, item);
        }
        return list;
    }

    [Theory]
    [InlineData("a b c d", "d c b a")]
    [InlineData("a b c d", "a b c d")]
    [InlineData("a a b b c", "b a c a b")]
    [InlineData("", "")]
    public void Moves_turn_one_order_into_the_other(string from, string to)
    {
        var current = from.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var target = to.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(target, Apply(current, QueueReorder.Moves(current, target)));
    }

    [Fact]
    public void A_random_permutation_is_reproduced_with_at_most_n_moves()
    {
        var random = new Random(42);
        var current = Enumerable.Range(0, 50).Select(i => $"song{i % 20}.flac").ToList();
        var target = current.OrderBy(_ => random.Next()).ToList();
        var moves = QueueReorder.Moves(current, target);
        Assert.True(moves.Count <= current.Count);
        Assert.Equal(target, Apply(current, moves));
    }
}

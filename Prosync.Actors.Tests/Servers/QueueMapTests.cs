using Prosync.Actors.Servers;

namespace Prosync.Actors.Tests.Servers;

public class QueueMapTests
{
    [Fact]
    public void A_fresh_map_takes_the_whole_queue()
    {
        var map = new QueueMap();
        map.Apply([(0, 7), (1, 8), (2, 9)], length: 3, version: 5);
        Assert.Equal([7, 8, 9], map.Ids);
        Assert.Equal(5, map.Version);
    }

    [Fact]
    public void Changes_overwrite_positions_and_the_length_truncates()
    {
        var map = new QueueMap();
        map.Apply([(0, 1), (1, 2), (2, 3), (3, 4)], 4, 1);
        // "delete 1": positions 1 and 2 now hold ids 3 and 4, the queue is one shorter.
        map.Apply([(1, 3), (2, 4)], 3, 2);
        Assert.Equal([1, 3, 4], map.Ids);
        Assert.Equal(1, map.PositionOf(3));
        Assert.Equal(-1, map.PositionOf(2));
        Assert.Null(map.IdAt(3));
    }
}

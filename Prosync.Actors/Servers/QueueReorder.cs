namespace Prosync.Actors.Servers;

/// <summary>Computes the <c>move</c> commands that turn one queue order into another with the same songs.</summary>
public static class QueueReorder
{
    public readonly record struct Move(int From, int To);

    /// <summary><see cref="Moves"/> as MPD command lines.</summary>
    public static IEnumerable<string> MoveLines(IReadOnlyList<string> current, IReadOnlyList<string> target) =>
        Moves(current, target).Select(m => $"move {m.From} {m.To}");

    /// <summary>
    /// Moves that make <paramref name="current"/> equal to <paramref name="target"/>, applied in order;
    /// songs are matched by file, the first not-yet-placed occurrence wins (duplicates keep their relative order).
    /// Songs missing from either side are left where they end up.
    /// </summary>
    public static IReadOnlyList<Move> Moves(IReadOnlyList<string> current, IReadOnlyList<string> target)
    {
        var order = current.ToList();
        var moves = new List<Move>();
        for (var to = 0; to < target.Count && to < order.Count; to++)
        {
            if (order[to] == target[to]) continue;
            var from = order.IndexOf(target[to], to + 1);
            if (from < 0) continue;
            moves.Add(new Move(from, to));
            var file = order[from];
            order.RemoveAt(from);
            order.Insert(to, file);
        }
        return moves;
    }
}

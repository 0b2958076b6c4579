using System.Globalization;
using Prosync.Actors.Protocol;

namespace Prosync.Actors.Servers;

/// <summary>
/// Translates the song-id arguments of a command between servers, through queue positions:
/// the primary's id → position (on the primary) → this server's id at that position.
/// </summary>
public static class SongIdTranslator
{
    /// <summary>Indices of the song-id arguments of <paramref name="request"/> (-1 in the table = index 1 and all later ones).</summary>
    public static IReadOnlyList<int> IdArgumentIndices(CommandInfo info, MpdRequest request) =>
        info.SongIdArgs.Count == 0 ? [] : Enumerable.Range(0, request.Args.Count).Where(info.IsSongIdArg).ToArray();

    /// <summary>
    /// The positions of the request's song ids in <paramref name="queue"/>, or the ACK MPD would give
    /// for a malformed or unknown id (so the command fails the same way it would on one server).
    /// </summary>
    public static bool TryResolvePositions(CommandInfo info, MpdRequest request, QueueMap queue,
        out int[] positions, out MpdError? error)
    {
        var indices = IdArgumentIndices(info, request);
        positions = new int[indices.Count];
        error = null;
        for (var i = 0; i < indices.Count; i++)
        {
            var text = request.Args[indices[i]];
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                error = new MpdError(AckCode.Arg, 0, request.Command, $"Integer expected: {text}");
                return false;
            }
            var position = queue.PositionOf(id);
            if (position < 0)
            {
                error = new MpdError(AckCode.NoExist, 0, request.Command, "No such song");
                return false;
            }
            positions[i] = position;
        }
        return true;
    }

    /// <summary>Rewrites the song-id arguments to the ids found at <paramref name="positions"/> in this server's queue.</summary>
    public static MpdRequest Translate(CommandInfo info, MpdRequest request, IReadOnlyList<int> positions, QueueMap queue)
    {
        var indices = IdArgumentIndices(info, request);
        if (indices.Count == 0) return request;
        var args = request.Args.ToArray();
        for (var i = 0; i < indices.Count && i < positions.Count; i++)
        {
            // A position this server lacks means its queue diverged; an impossible id makes it fail visibly.
            var id = queue.IdAt(positions[i]) ?? int.MaxValue;
            args[indices[i]] = id.ToString(CultureInfo.InvariantCulture);
        }
        return request with { Args = args };
    }
}

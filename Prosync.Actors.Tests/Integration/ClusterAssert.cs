using Prosync.Host.Lab;
using Prosync.Actors.Tests.TestKit;

namespace Prosync.Actors.Tests.Integration;

/// <summary>Assertions over the servers behind the proxy, read directly from each MPD.</summary>
internal static class ClusterAssert
{
    /// <summary>
    /// Every room has the reference server's queue (file list), options, volume, play state and current
    /// position: the proxy applied each command to all of them, not just to one.
    /// </summary>
    public static async Task AllLikeAsync(MpdProcess reference, IReadOnlyList<MpdProcess> rooms)
    {
        var expected = (await ServerSnapshot.CaptureAsync(reference)).ToString();
        var snapshots = await Task.WhenAll(rooms.Select(ServerSnapshot.CaptureAsync));
        for (var i = 0; i < rooms.Count; i++)
        {
            TranscriptAssert.Equal(expected, snapshots[i].ToString(), $"state-of-{reference.Name}", $"state-of-{rooms[i].Name}");
        }
    }
}

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
        var (expected, actual) = await CaptureAsync(reference, rooms);
        for (var i = 0; i < rooms.Count; i++)
        {
            TranscriptAssert.Equal(expected, actual[i], $"state-of-{reference.Name}", $"state-of-{rooms[i].Name}");
        }
    }

    /// <summary>
    /// Like <see cref="AllLikeAsync"/>, for rooms that are converging: reads them up to <paramref name="attempts"/>
    /// times, <paramref name="delay"/> apart, and asserts on the last reading if they never all matched.
    /// </summary>
    public static async Task AllLikeEventuallyAsync(MpdProcess reference, IReadOnlyList<MpdProcess> rooms, int attempts, TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempts, 1);
        for (var i = 1; i < attempts; i++)
        {
            var (expected, actual) = await CaptureAsync(reference, rooms);
            if (actual.All(a => a == expected))
            {
                return;
            }

            await Task.Delay(delay);
        }

        await AllLikeAsync(reference, rooms);
    }

    private static async Task<(string Expected, string[] Actual)> CaptureAsync(MpdProcess reference, IReadOnlyList<MpdProcess> rooms)
    {
        var expected = (await ServerSnapshot.CaptureAsync(reference)).ToString();
        var snapshots = await Task.WhenAll(rooms.Select(ServerSnapshot.CaptureAsync));
        return (expected, snapshots.Select(s => s.ToString()).ToArray());
    }
}

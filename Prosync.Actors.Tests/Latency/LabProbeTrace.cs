using Prosync.Actors.Latency;
using Prosync.Host.Lab;

namespace Prosync.Actors.Tests.Latency;

/// <summary>
/// Probe round trips as the bench's relay produces them: a ping every 100 ms through the link's up
/// direction, MPD's reply 0.05 ms later through the down direction, each a <see cref="DelayModel"/>
/// of the same profile, sharing one <see cref="GilbertElliottLink"/> when the profile has link bursts.
/// </summary>
internal static class LabProbeTrace
{
    public const double TurnaroundMs = 0.05;

    /// <summary>What a command sees on a quiet link, one way: base delay + mean jitter (what oracle+jitter plans with).</summary>
    public static double QuietOneWayMs(LinkProfile profile) => profile.BaseDelayMs + profile.JitterMs + (TurnaroundMs / 2);

    public static IEnumerable<LatencySample> Generate(LinkProfile profile, int seed, int count)
    {
        var link = profile.HasLinkBursts ? new GilbertElliottLink(profile, seed) : null;
        var up = new DelayModel(profile, unchecked(seed * 2), link);
        var down = new DelayModel(profile, unchecked((seed * 2) + 1), link);
        for (int i = 0; i < count; i++)
        {
            var sent = TimeSpan.FromMilliseconds(100 * i);
            var back = down.DeliveryTime(up.DeliveryTime(sent) + TimeSpan.FromMilliseconds(TurnaroundMs));
            yield return new LatencySample(sent, back - sent);
        }
    }
}

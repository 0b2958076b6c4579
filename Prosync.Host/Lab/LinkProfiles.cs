namespace Prosync.Host.Lab;

/// <summary>PLACEHOLDER until the latency relay lands on main (it replaces this file).</summary>
public static class LinkProfiles
{
    /// <summary>Wi-Fi-like: 2–35 ms one way from the best room to the worst, 0.5–3 ms jitter.</summary>
    public static LinkProfile Wifi(int serverIndex, int serverCount)
    {
        var t = serverCount == 1 ? 0 : (double)serverIndex / (serverCount - 1);
        return new LinkProfile { BaseDelayMs = 2 + (33 * t), JitterMs = 0.5 + (2.5 * t) };
    }
}

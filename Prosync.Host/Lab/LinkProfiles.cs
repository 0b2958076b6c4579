namespace Prosync.Host.Lab;

/// <summary>
/// Named link presets for the benchmark and tests. Each is a factory over the server index so
/// that rooms differ (as real rooms do), which is what makes compensation measurable: with
/// equal delays a naive broadcast would already be in sync.
/// </summary>
/// <remarks>
/// Values are spread linearly from server 0 (best link) to server <c>serverCount - 1</c>
/// (worst link); with one server, server 0 gets the best values. Deterministic: the same
/// index and count always give the same profile.
/// </remarks>
public static class LinkProfiles
{
    /// <summary>A transparent link: no delay, no jitter, no bursts.</summary>
    public static LinkProfile None { get; } = new();

    /// <summary>Wired LAN: 0.5–2 ms one way across servers, 0.1 ms jitter, no bursts.</summary>
    public static LinkProfile Lan(int serverIndex, int serverCount)
    {
        double t = Position(serverIndex, serverCount);
        return new LinkProfile
        {
            BaseDelayMs = Lerp(0.5, 2, t),
            JitterMs = 0.1,
        };
    }

    /// <summary>
    /// Wi-Fi: 2–35 ms one way, 0.5–3 ms jitter, and 2–10 % of segments starting a 40–80 ms
    /// burst (retransmissions after interference) that holds the link for 100 ms.
    /// </summary>
    public static LinkProfile Wifi(int serverIndex, int serverCount)
    {
        double t = Position(serverIndex, serverCount);
        return new LinkProfile
        {
            BaseDelayMs = Lerp(2, 35, t),
            JitterMs = Lerp(0.5, 3, t),
            BurstProbability = Lerp(0.02, 0.10, t),
            BurstExtraMsMin = 40,
            BurstExtraMsMax = 80,
            BurstDurationMs = 100,
        };
    }

    /// <summary>
    /// Wi-Fi with one bursty link: the servers get <see cref="Wifi"/>, except the last (the
    /// slowest, 35 ms one way) whose per-segment bursts are replaced by Gilbert–Elliott link
    /// bursts (<see cref="GilbertElliottLink"/>): bad spells of 150 ms on average, good spells of
    /// 450 ms, so the link is bad 25 % of the time, and every segment in a bad spell, on every
    /// connection and in both directions, gets that spell's 40–80 ms extra. A probe round trip is
    /// hit if either of its segments is: about 30 % of them.
    /// </summary>
    public static LinkProfile WifiBursty(int serverIndex, int serverCount)
    {
        var wifi = Wifi(serverIndex, serverCount);
        return serverIndex < serverCount - 1 ? wifi : wifi with
        {
            BurstProbability = 0,
            BurstDurationMs = 0,
            BadSpellMeanMs = WifiBurstyBadSpellMs,
            GoodSpellMeanMs = WifiBurstyGoodSpellMs,
        };
    }

    /// <summary><see cref="WifiBursty"/>: mean bad spell of the bursty link, ms.</summary>
    public const double WifiBurstyBadSpellMs = 150;

    /// <summary><see cref="WifiBursty"/>: mean good spell of the bursty link, ms.</summary>
    public const double WifiBurstyGoodSpellMs = 450;

    /// <summary>
    /// Internet path: 20–80 ms one way, 2–5 ms jitter, and an occasional (0.5–1 % of segments)
    /// 60–120 ms burst lasting 150 ms.
    /// </summary>
    public static LinkProfile Wan(int serverIndex, int serverCount)
    {
        double t = Position(serverIndex, serverCount);
        return new LinkProfile
        {
            BaseDelayMs = Lerp(20, 80, t),
            JitterMs = Lerp(2, 5, t),
            BurstProbability = Lerp(0.005, 0.01, t),
            BurstExtraMsMin = 60,
            BurstExtraMsMax = 120,
            BurstDurationMs = 150,
        };
    }

    /// <summary>The preset factory for a command-line name: "lan", "wifi", "wifi-bursty", "wan" or "none" (case-insensitive).</summary>
    public static Func<int, int, LinkProfile> ByName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Trim().ToLowerInvariant() switch
        {
            "lan" => Lan,
            "wifi" => Wifi,
            "wifi-bursty" => WifiBursty,
            "wan" => Wan,
            "none" => static (_, _) => None,
            _ => throw new ArgumentException($"Unknown link profile '{name}'; expected lan, wifi, wifi-bursty, wan or none.", nameof(name)),
        };
    }

    private static double Position(int serverIndex, int serverCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(serverCount, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(serverIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(serverIndex, serverCount);
        return serverCount == 1 ? 0 : (double)serverIndex / (serverCount - 1);
    }

    private static double Lerp(double from, double to, double t) => from + (to - from) * t;
}

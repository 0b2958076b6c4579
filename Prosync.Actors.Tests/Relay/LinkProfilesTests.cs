using Prosync.Host.Lab;

namespace Prosync.Actors.Tests.Relay;

public class LinkProfilesTests
{
    [Fact]
    public void Lan_spreads_half_to_two_ms_across_servers_with_small_jitter_and_no_bursts()
    {
        var all = Enumerable.Range(0, 8).Select(i => LinkProfiles.Lan(i, 8)).ToArray();
        Assert.Equal(0.5, all[0].BaseDelayMs, 9);
        Assert.Equal(2.0, all[^1].BaseDelayMs, 9);
        Assert.Equal(8, all.Select(p => p.BaseDelayMs).Distinct().Count());
        Assert.All(all, p => Assert.Equal(0.1, p.JitterMs, 9));
        Assert.All(all, p => Assert.Equal(0, p.BurstProbability));
    }

    [Fact]
    public void Wifi_stays_within_its_documented_ranges_and_has_retransmission_like_bursts()
    {
        var all = Enumerable.Range(0, 5).Select(i => LinkProfiles.Wifi(i, 5)).ToArray();
        Assert.Equal(2, all[0].BaseDelayMs, 9);
        Assert.Equal(35, all[^1].BaseDelayMs, 9);
        Assert.All(all, p =>
        {
            Assert.InRange(p.JitterMs, 0.5, 3);
            Assert.InRange(p.BurstProbability, 0.02, 0.10);
            Assert.Equal(40, p.BurstExtraMsMin);
            Assert.Equal(80, p.BurstExtraMsMax);
            Assert.True(p.BurstDurationMs > 0);
        });
    }

    [Fact]
    public void Wan_stays_within_its_documented_ranges_with_occasional_bursts()
    {
        var all = Enumerable.Range(0, 3).Select(i => LinkProfiles.Wan(i, 3)).ToArray();
        Assert.Equal(20, all[0].BaseDelayMs, 9);
        Assert.Equal(80, all[^1].BaseDelayMs, 9);
        Assert.All(all, p =>
        {
            Assert.InRange(p.JitterMs, 2, 5);
            Assert.InRange(p.BurstProbability, 0.001, 0.02);
        });
    }

    [Fact]
    public void Wifi_bursty_is_wifi_with_gilbert_elliott_bursts_on_the_slowest_link_only()
    {
        var all = Enumerable.Range(0, 4).Select(i => LinkProfiles.ByName("wifi-bursty")(i, 4)).ToArray();
        for (int i = 0; i < 3; i++)
            Assert.Equal(LinkProfiles.Wifi(i, 4), all[i]);
        var bursty = all[^1];
        Assert.Equal(35, bursty.BaseDelayMs, 9);
        Assert.Equal(3, bursty.JitterMs, 9);
        Assert.Equal(0, bursty.BurstProbability);                 // its bursts are the link's, not per direction
        Assert.True(bursty.HasLinkBursts);
        Assert.Equal(40, bursty.BurstExtraMsMin);
        Assert.Equal(80, bursty.BurstExtraMsMax);
        Assert.Equal(0.25, GilbertElliottLink.BadFraction(bursty), 9);
        Assert.All(all[..^1], p => Assert.False(p.HasLinkBursts));
    }

    [Fact]
    public void A_single_server_gets_the_best_link_of_the_preset()
    {
        Assert.Equal(0.5, LinkProfiles.Lan(0, 1).BaseDelayMs, 9);
        Assert.Equal(2, LinkProfiles.Wifi(0, 1).BaseDelayMs, 9);
    }

    [Theory]
    [InlineData("lan", 0.5)]
    [InlineData("WiFi", 2)]
    [InlineData(" wan ", 20)]
    [InlineData("none", 0)]
    public void ByName_resolves_presets_case_insensitively(string name, double firstServerBaseMs)
        => Assert.Equal(firstServerBaseMs, LinkProfiles.ByName(name)(0, 4).BaseDelayMs, 9);

    [Fact]
    public void ByName_rejects_unknown_names_and_lists_the_known_ones()
    {
        var e = Assert.Throws<ArgumentException>(() => LinkProfiles.ByName("lte"));
        Assert.Contains("wifi", e.Message);
    }

    [Fact]
    public void Every_preset_is_a_valid_profile_and_none_is_all_zero()
    {
        foreach (var name in new[] { "lan", "wifi", "wifi-bursty", "wan", "none" })
            for (int i = 0; i < 64; i++)
                DelayModel.Validate(LinkProfiles.ByName(name)(i, 64));
        Assert.Equal(new LinkProfile(), LinkProfiles.None);
    }
}

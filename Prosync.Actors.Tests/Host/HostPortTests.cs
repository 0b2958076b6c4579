using System.Net;
using Prosync.Host.Configuration;

namespace Prosync.Actors.Tests.Host;

public class HostPortTests
{
    [Theory]
    [InlineData("localhost:6601", "localhost", 6601, "localhost:6601")]
    [InlineData("127.0.0.1:6601", "127.0.0.1", 6601, "127.0.0.1:6601")]
    [InlineData("192.168.1.20", "192.168.1.20", 6600, "192.168.1.20:6600")]
    [InlineData("kitchen.lan", "kitchen.lan", 6600, "kitchen.lan:6600")]
    [InlineData("my_pi-2.local:1", "my_pi-2.local", 1, "my_pi-2.local:1")]
    [InlineData("[::1]:6601", "::1", 6601, "[::1]:6601")]
    [InlineData("[fd00::21]", "fd00::21", 6600, "[fd00::21]:6600")]
    [InlineData("  host:65535  ", "host", 65535, "host:65535")]
    public void Accepts_host_names_IPv4_and_bracketed_IPv6(string text, string host, int port, string normalised)
    {
        Assert.True(HostPort.TryParse(text, allowPortZero: false, out var value, out var error), error);
        Assert.Equal(new HostPort(host, port), value);
        Assert.Equal(normalised, value.ToString());
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("::1", "brackets")]
    [InlineData("fd00::1:6600", "brackets")]
    [InlineData("[::1", "without closing")]
    [InlineData("[::1]6600", "after the IPv6 address")]
    [InlineData("[1.2.3.4]:6600", "not an IPv6 address")]
    [InlineData("host:", "port '' is not a number")]
    [InlineData("host:abc", "port 'abc' is not a number")]
    [InlineData("host:-1", "port '-1' is not a number")]
    [InlineData("host:0", "out of range")]
    [InlineData("host:65536", "out of range")]
    [InlineData(":6600", "host is missing")]
    [InlineData("300.1.1.1:6600", "not an IPv4 address")]
    [InlineData("1.2.3:6600", "not an IPv4 address")]
    [InlineData("bad host:6600", "not a valid host name")]
    [InlineData("http://host:6600", "brackets")]
    [InlineData("-host:6600", "not a valid host name")]
    public void Rejects_malformed_addresses_saying_why(string text, string expected)
    {
        Assert.False(HostPort.TryParse(text, allowPortZero: false, out _, out var error));
        Assert.Contains(expected, error);
    }

    [Fact]
    public void Port_zero_is_allowed_only_where_asked()
    {
        Assert.True(HostPort.TryParse("127.0.0.1:0", allowPortZero: true, out var value, out _));
        Assert.Equal(0, value.Port);
    }

    [Theory]
    [InlineData("127.0.0.1:6600", "127.0.0.1", 6600)]
    [InlineData("localhost:6601", "127.0.0.1", 6601)]
    [InlineData("0.0.0.0:0", "0.0.0.0", 0)]
    [InlineData("*:6602", "0.0.0.0", 6602)]
    [InlineData("*", "0.0.0.0", 6600)]
    [InlineData("[::]:6600", "::", 6600)]
    [InlineData("[::1]:6600", "::1", 6600)]
    public void Listen_address_becomes_an_endpoint(string text, string ip, int port)
        => Assert.Equal(new IPEndPoint(IPAddress.Parse(ip), port), HostPort.ParseListen(text, "--listen"));

    [Fact]
    public void Listen_on_a_DNS_name_is_refused_because_a_socket_binds_an_address()
    {
        var e = Assert.Throws<InvalidSettingsException>(() => HostPort.ParseListen("music.lan:6600", "--listen"));
        Assert.StartsWith("--listen: cannot listen on 'music.lan'", e.Message);
    }
}

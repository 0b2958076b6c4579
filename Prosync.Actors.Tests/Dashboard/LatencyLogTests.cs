using System.Globalization;
using Prosync.Actors.Proxy;
using Prosync.Actors.Tests.TestKit;
using Prosync.Host.Lab;
using Prosync.Host.LatencyLog;

namespace Prosync.Actors.Tests.Dashboard;

/// <summary><c>--latency-log FILE</c>: a header, then every second one TSV row per server.</summary>
[Collection(RealMpdCollection.Name)]
public sealed class LatencyLogTests(MusicFixture library)
{
    /// <summary>Ticks to wait for: enough that the median gap is robust to one skipped tick.</summary>
    private const int Ticks = 7;

    [Fact]
    public async Task Latency_log_writes_a_header_then_one_row_per_server_every_second()
    {
        var path = Path.Combine(Path.GetTempPath(), $"prosync-latency-{Guid.NewGuid():N}", "latency.tsv");
        await using var servers = await MpdProcessGroup.StartAsync(library, 2, "room");
        try
        {
            await using (var host = await DashboardHost.StartAsync(
                servers.Select(s => new ServerEndpoint(s.Name, s.Host, s.Port) { OffsetMs = 7 }).ToList(), latencyLog: path))
            {
                var deadline = DateTime.UtcNow.AddSeconds(15);
                while (Rows(path).Count < Ticks * servers.Count && DateTime.UtcNow < deadline)
                {
                    await Task.Delay(200);
                }
            }

            var lines = File.ReadAllLines(path);
            Assert.Equal("timestamp\tserver\tstate\trttMs\toneWayMs\tjitterMs\toutliers\toffsetMs\tpositionErrorMs\tclockPpm\tcorrections", lines[0]);
            var rows = Rows(path);
            Assert.True(rows.Count >= Ticks * servers.Count, $"only {rows.Count} rows: {string.Join(" | ", lines)}");
            Assert.All(rows, row => Assert.Equal(11, row.Length));
            Assert.Equal(servers.Select(s => s.Name).Order(), rows.Select(r => r[1]).Distinct().Order());
            var stamps = rows.Select(r => DateTimeOffset.Parse(r[0], CultureInfo.InvariantCulture)).Distinct().ToList();
            Assert.True(stamps.Count >= Ticks);
            // Each tick writes one row per server. Ticks come every second: on a busy box one may run late, or write
            // nothing when the status snapshot is stale (a 2 s gap, by design), so the typical gap is the median.
            Assert.All(rows.GroupBy(r => r[0]), tick => Assert.Equal(servers.Count, tick.Count()));
            var gaps = stamps.Zip(stamps.Skip(1), (a, b) => (b - a).TotalSeconds).Order().ToList();
            Assert.InRange(gaps[gaps.Count / 2], 0.8, 1.25);
            var last = rows[^1];
            Assert.Equal("InSync", last[2]);
            var rtt = double.Parse(last[3], CultureInfo.InvariantCulture);
            Assert.InRange(rtt, 0.001, 100);
            Assert.Equal(rtt / 2, double.Parse(last[4], CultureInfo.InvariantCulture), 0.01);
            Assert.True(double.Parse(last[5], CultureInfo.InvariantCulture) >= 0);
            Assert.True(int.Parse(last[6], CultureInfo.InvariantCulture) >= 0);
            Assert.Equal("7.000", last[7]);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }

    [Fact]
    public void Row_leaves_a_figure_not_measured_yet_empty()
    {
        var server = new Prosync.Host.Status.ServerView("attic", "10.0.0.9:6600", "Down", "Connecting", DateTimeOffset.UnixEpoch,
            false, null, null, null, null, null, 12.5, 0, 0, null, null, null, null, 0, null, null);

        var row = LatencyLogFormat.Row(new DateTimeOffset(2026, 11, 22, 1, 2, 3, 456, TimeSpan.Zero), server);

        Assert.Equal("2026-11-22T01:02:03.456Z\tattic\tDown\t\t\t\t0\t12.500\t\t\t0", row);
    }

    private static List<string[]> Rows(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split('\t')).ToList();
    }
}

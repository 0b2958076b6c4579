using Prosync.Actors.Cluster;
using Prosync.Actors.Proxy;
using Prosync.Actors.Servers;
using Prosync.Actors.Tests.TestKit;
using Prosync.Host.Lab;
using Xunit.Abstractions;

namespace Prosync.Actors.Tests.Integration;

/// <summary>
/// Rooms stay in step while they play, judged from each MPD's own position measured directly (not through the
/// proxy): rooms adopted apart, a room that rejoins.
/// </summary>
[Collection(RealMpdCollection.Name)]
public sealed class ContinuityTests(MusicFixture library, ITestOutputHelper output)
{
    private static readonly TimeSpan Metering = TimeSpan.FromSeconds(1.5);

    /// <summary>
    /// In step, for a test on a shared 2-core box: well inside the 45–90 ms the rooms start apart (or the ~20–45 ms a
    /// rejoin lands ahead), well above the few ms a busy box's meter and MPD's chunks add. How close the rooms stay
    /// over time is the benchmark's business (BENCHMARKS.md, continuity).
    /// </summary>
    private const double InStepMs = 12;

    [Fact]
    public async Task Rooms_started_apart_are_adopted_and_brought_into_step()
    {
        await using var rooms = await MpdProcessGroup.StartAsync(library, 3);
        foreach (var room in rooms) await room.SendAsync(Queue());
        foreach (var room in rooms)
        {
            // Started by hand ~45 ms apart, as three clients would.
            await room.SendAsync("play 0");
            await Task.Delay(45);
        }
        var (before, detail) = await PositionMeter.SpreadAsync(rooms, Metering);
        output.WriteLine($"before the proxy: {before:0.0} ms ({detail})");
        Assert.True(before > 40, $"the rooms were meant to start apart: {detail}");

        await using var proxy = await ProxyHarness.StartProxyAsync(rooms.ToArray());
        await AssertInStepAsync(rooms, TimeSpan.FromSeconds(30), proxy);
        var status = await proxy.GetStatusAsync();
        foreach (var server in status.Servers) output.WriteLine($"{server.Name}: {server.Continuity}");
        // The room started last is behind: the others are paused for it, not the other way round.
        Assert.True(status.Servers.Single(s => s.Name == rooms[0].Name).Continuity.Corrections >= 1);
        Assert.True(status.Servers.Single(s => s.Name == rooms[1].Name).Continuity.Corrections >= 1);
        Assert.All(status.Servers.Where(s => s.Name != status.Primary),
            s => Assert.NotNull(s.Continuity.PositionErrorMs));
    }

    [Fact]
    public async Task A_room_that_rejoins_is_brought_into_step()
    {
        await using var rooms = await MpdProcessGroup.StartAsync(library, 3);
        await using var proxy = await ProxyHarness.StartProxyAsync(rooms.ToArray());
        Assert.DoesNotContain("ACK", await proxy.SendAsync(Queue() + "play 0\n"));
        await AssertInStepAsync(rooms, TimeSpan.FromSeconds(30), proxy);

        rooms[2].Kill();
        await proxy.WaitForStateAsync(rooms[2].Name, ServerState.Down);
        await rooms[2].RestartAsync();
        await proxy.WaitForStateAsync(rooms[2].Name, ServerState.InSync);
        output.WriteLine($"rejoined: {(await proxy.GetStatusAsync()).RecentResyncs[0]}");
        await AssertInStepAsync(rooms, TimeSpan.FromSeconds(30), proxy);
    }

    [Fact]
    public async Task A_room_that_rejoins_behind_the_others_is_brought_forward_and_the_others_are_not_moved_for_it()
    {
        // The rejoin's seek aims 25 ms behind instead of ahead: the case a late landing makes.
        var cluster = ClusterOptions.Default with { Continuity = ContinuityOptions.Default with { SeekAheadMs = -25 } };
        await using var rooms = await MpdProcessGroup.StartAsync(library, 3);
        await using var proxy = await ProxyHarness.StartProxyAsync(rooms.ToArray(), ProxyHarness.DefaultInSyncTimeout, cluster: cluster);
        Assert.DoesNotContain("ACK", await proxy.SendAsync(Queue() + "play 0\n"));
        await AssertInStepAsync(rooms, TimeSpan.FromSeconds(30), proxy);

        var joiner = rooms[2].Name;
        rooms[2].Kill();
        await proxy.WaitForStateAsync(joiner, ServerState.Down);
        var before = (await proxy.GetStatusAsync()).Servers.ToDictionary(s => s.Name, s => s.Continuity.Corrections);
        await rooms[2].RestartAsync();
        await proxy.WaitForStateAsync(joiner, ServerState.InSync);
        output.WriteLine($"rejoined: {(await proxy.GetStatusAsync()).RecentResyncs[0]}");
        // Every correction seen from the rejoin until the rooms are in step: none of the others is moved toward it.
        var seen = new HashSet<string>();
        using var watching = new CancellationTokenSource();
        var watch = Task.Run(async () =>
        {
            while (!watching.IsCancellationRequested)
            {
                var status = await proxy.GetStatusAsync();
                lock (seen)
                    foreach (var s in status.Servers.Where(s => s.Continuity.Corrections > before.GetValueOrDefault(s.Name)))
                        seen.Add($"{s.Name} #{s.Continuity.Corrections}: {s.Continuity.LastCorrection}");
                await Task.Delay(100);
            }
        });
        Assert.True(await ProxyHarness.EventuallyAsync(async () =>
            (await proxy.GetStatusAsync()).Servers.Single(s => s.Name == joiner).Continuity.Corrections > before[joiner],
            TimeSpan.FromSeconds(30)), $"{joiner} was not corrected");
        await AssertInStepAsync(rooms, TimeSpan.FromSeconds(30), proxy);
        await watching.CancelAsync();
        await watch;
        output.WriteLine(string.Join("\n", seen));
        Assert.DoesNotContain(seen, c => !c.StartsWith(joiner, StringComparison.Ordinal) && c.Contains($"ahead of {joiner}", StringComparison.Ordinal));
        // Where it landed behind, it was brought forward as a joiner, the others left where they were.
        Assert.All(seen.Where(c => c.StartsWith(joiner, StringComparison.Ordinal) && c.Contains(": forward", StringComparison.Ordinal)),
            c => Assert.Contains("after joining", c, StringComparison.Ordinal));
    }

    [Fact(Skip = "Flaky on pipe-output rooms (the only way to make MPD drift here): in 3 of 10 runs the proxy's view of a "
        + "pipe room was 20-35 ms off the direct meter (MPD's elapsed jumps a chunk every 1.46 s and runs ahead while a new "
        + "sink drains), so it saw the rooms in step while they were not. Drift is covered by the closed-loop simulation "
        + "and measured by the bench's continuity section; to be enabled once pipe rooms are measured as well as null ones.")]
    public async Task Rooms_whose_clocks_drift_apart_are_kept_in_step()
    {
        // Sound cards 600 ppm apart: left alone, 30 ms apart after 50 s. Their outputs are pipes into a sink of that
        // rate, which MPD closes on pause: the roughest case for corrections (docs/continuity-measurements.md).
        double[] ppm = [-300, 300];
        await using var slow = await MpdProcess.StartAsync(library, new MpdProcessOptions { Name = "slow", ClockPpm = ppm[0] });
        await using var fast = await MpdProcess.StartAsync(library, new MpdProcessOptions { Name = "fast", ClockPpm = ppm[1] });
        MpdProcess[] rooms = [slow, fast];
        await using var proxy = await ProxyHarness.StartProxyAsync(rooms);
        Assert.DoesNotContain("ACK", await proxy.SendAsync(Queue() + "play 0\n"));

        await Task.Delay(TimeSpan.FromSeconds(50));
        var status = await proxy.GetStatusAsync();
        foreach (var server in status.Servers) output.WriteLine($"{server.Name}: {server.Continuity}");
        output.WriteLine($"resyncs: {string.Join("; ", status.RecentResyncs)}");
        var (spread, detail) = await PositionMeter.SpreadAsync(rooms, TimeSpan.FromSeconds(3));
        output.WriteLine($"spread after 50 s: {spread:0.0} ms ({detail})");
        Assert.True(spread <= 20, $"the rooms drifted {spread:0.0} ms apart ({detail})");
        Assert.Contains(status.Servers, s => s.Continuity.Corrections > 0);
        // The rates themselves need more than one 30 s song to be known (the tracker pairs readings ≥ 10 s apart within
        // a song); they are checked on synthetic traces (ClockRateTrackerTests) and measured in the bench.
    }

    /// <summary>The longest track first, then the rest: a test's few seconds stay within one song.</summary>
    private string Queue() => string.Concat(library.Tracks.OrderByDescending(t => t.DurationSeconds).Select(t => $"add \"{t.Uri}\"\n"));

    private async Task AssertInStepAsync(IReadOnlyList<MpdProcess> rooms, TimeSpan within, ProxyServer proxy)
    {
        var (spread, detail) = (double.NaN, "");
        var inStep = await ProxyHarness.EventuallyAsync(async () =>
        {
            (spread, detail) = await PositionMeter.SpreadAsync(rooms, Metering);
            var seen = (await proxy.GetStatusAsync()).Servers.Select(s =>
                $"{s.Name} {s.Continuity.PositionErrorMs:0.0}±{s.Continuity.PositionUncertaintyMs:0.0} ({s.Continuity.Corrections}: {s.Continuity.LastCorrection})");
            output.WriteLine($"spread {spread:0.0} ms: {detail}; the proxy sees {string.Join(", ", seen)}");
            return spread <= InStepMs;
        }, within);
        Assert.True(inStep, $"the rooms are not in step: {spread:0.0} ms apart ({detail})");
    }
}

using System.Diagnostics;
using Prosync.Bench.Lab;
using Prosync.Bench.Measure;
using Prosync.Bench.Report;
using Prosync.Bench.Skew;

namespace Prosync.Bench.Sections;

/// <summary>
/// Many rooms on lan with Prosync.Host in a child process (its default configuration): CPU while only probing
/// (no client, no commands), memory, then effect skew of timed commands.
/// </summary>
public static class ScaleSection
{
    public sealed record ThreadCpu(string Name, int Threads, double PercentOfCore);

    public sealed record Result(
        int Servers,
        double StartSeconds,
        double SyncSeconds,
        double IdleSeconds,
        double IdleCpuPercentOfCore,
        IReadOnlyList<ThreadCpu> IdleCpuByThread,
        double MachineCpuPercent,
        double BenchProcessCpuPercentOfCore,
        double RssMbIdle,
        double RssMbAfter,
        double PeakRssMb,
        ModeResult Skew,
        /// <summary>The floor, then the proxy in this process (default, a 10 ms guard, no pre-send probe).</summary>
        IReadOnlyList<ModeResult> InProcess,
        Summary RelayLateness,
        string HostCommand,
        string LoadBefore,
        string LoadAfter);

    public static async Task<Result> RunAsync(BenchContext ctx)
    {
        var n = ctx.Options.ScaleServers;
        var loadBefore = ProcessStats.LoadAverage();
        ctx.Say($"scale: starting {n} MPD servers on lan");
        var sw = Stopwatch.StartNew();
        await using var lab = await BenchLab.StartPlayingAsync(ctx.Library, n, "lan", BurstModel.PerConnection, ctx.Options.Seed);
        var startSeconds = sw.Elapsed.TotalSeconds;
        sw.Restart();
        await using var proxy = ChildProxy.Start(lab.Endpoints, ctx.Results.PathOf("scale-host.log"));
        await proxy.WaitForInSyncAsync(n, TimeSpan.FromSeconds(180));
        var syncSeconds = sw.Elapsed.TotalSeconds;
        ctx.Say($"scale: {n} servers started in {startSeconds:0.0} s, all in sync {syncSeconds:0.0} s after Prosync.Host started");

        await Task.Delay(TimeSpan.FromSeconds(3));
        var pid = proxy.ProcessId;
        var idle = TimeSpan.FromSeconds(ctx.Options.Quick ? 3 : 10);
        var threadsBefore = ProcessStats.Threads(pid);
        var cpuBefore = ProcessStats.CpuSeconds(pid);
        var benchBefore = ProcessStats.CpuSeconds(Environment.ProcessId);
        var machineBefore = MachineCpu();
        var wall = Stopwatch.StartNew();
        await Task.Delay(idle);
        var seconds = wall.Elapsed.TotalSeconds;
        var cpu = (ProcessStats.CpuSeconds(pid) - cpuBefore) / seconds * 100;
        var bench = (ProcessStats.CpuSeconds(Environment.ProcessId) - benchBefore) / seconds * 100;
        var machineAfter = MachineCpu();
        var machine = (1 - ((machineAfter.Idle - machineBefore.Idle) / (machineAfter.Total - machineBefore.Total))) * 100;
        var threadsAfter = ProcessStats.Threads(pid);
        var byThread = threadsAfter
            .Select(t => (Name: Group(t.Value.Name), Cpu: t.Value.CpuSeconds - (threadsBefore.TryGetValue(t.Key, out var b) ? b.CpuSeconds : 0)))
            .GroupBy(t => t.Name)
            .Select(g => new ThreadCpu(g.Key, g.Count(), g.Sum(t => t.Cpu) / seconds * 100))
            .Where(t => t.PercentOfCore > 0)
            .OrderByDescending(t => t.PercentOfCore)
            .ToList();
        var rssIdle = ProcessStats.StatusKb(pid, "VmRSS") / 1024;
        ctx.Say($"scale: idle probing {cpu:0.0}% of one core, RSS {rssIdle:0} MB");

        var plan = new RunPlan(ctx.Options.ScaleCommands, DecoderBound: false, TimeSpan.FromSeconds(1));
        var skew = await SkewRunner.RunAsync(lab, proxy, "prosync-host-default", plan, ctx.Options.Seed);
        var rssAfter = ProcessStats.StatusKb(pid, "VmRSS") / 1024;
        var peak = ProcessStats.StatusKb(pid, "VmHWM") / 1024;
        var command = proxy.CommandLine;
        await proxy.DisposeAsync();

        // The same rooms with the proxy in this process, where its broadcast log shows how late the sends left; and
        // with a larger planning guard, to see whether late firing is what limits the skew.
        var inProcess = new List<ModeResult> { await SkewRunner.RunAsync(lab, new DirectFloor(lab), SkewSection.FloorName, plan, ctx.Options.Seed) };
        ctx.Say($"scale {SkewSection.FloorName}: skew p50 {Table.Ms(inProcess[0].Skew.P50)} p95 {Table.Ms(inProcess[0].Skew.P95)} ms");
        var log = ctx.ProxyLog("scale");
        var defaults = Mode.Prosync(Prosync.Actors.Servers.ServerOptions.Default.Estimator, true);
        // Without the pre-send probe: what holding for bursts costs in command latency when one broadcast has 64 paths.
        foreach (var mode in new[] { defaults with { Name = "in-process, default" }, defaults with { Name = "in-process, guard 10 ms", Guard = TimeSpan.FromMilliseconds(10) },
            defaults with { Name = "in-process, no pre-send probe", PreSendProbe = false } })
        {
            await using var local = await InProcessProxy.StartAsync(lab, mode.Options(lab), log, TimeSpan.FromSeconds(180));
            var r = await SkewRunner.RunAsync(lab, local, mode.Name, plan with { Warmup = TimeSpan.FromSeconds(3) }, ctx.Options.Seed);
            inProcess.Add(r);
            ctx.Say($"scale {mode.Name}: skew p50 {Table.Ms(r.Skew.P50)} p95 {Table.Ms(r.Skew.P95)} ms, firing spread p95 {Table.Ms(r.FiringSpread.P95)} ms");
        }

        var result = new Result(n, startSeconds, syncSeconds, seconds, cpu, byThread, machine, bench, rssIdle, rssAfter, peak, skew, inProcess,
            Summary.Of(lab.RelayLateness), command, loadBefore, ProcessStats.LoadAverage());

        ctx.Print($"\n### scale: {n} servers on lan, Prosync.Host (default configuration) in a child process\n");
        var table = new Table("figure", "value");
        table.Add("idle probing CPU, % of one core", cpu);
        table.Add("machine CPU busy during that window, % of both cores", machine);
        table.Add("bench process (relays, idle readers) CPU, % of one core", bench);
        table.Add("RSS idle / after commands / peak, MB", $"{rssIdle:0} / {rssAfter:0} / {peak:0}");
        table.Add("timed commands (lost)", $"{skew.TimedCommands} ({skew.TimedLost})");
        table.Add("skew p50 / p95 / max, ms", $"{Table.Ms(skew.Skew.P50)} / {Table.Ms(skew.Skew.P95)} / {Table.Ms(skew.Skew.Max)}");
        table.Add("command latency p50 / p95, ms", $"{Table.Ms(skew.Latency.P50)} / {Table.Ms(skew.Latency.P95)}");
        table.Add("relay write lateness p50 / p99 / max, ms", $"{Table.Ms(result.RelayLateness.P50)} / {Table.Ms(result.RelayLateness.P99)} / {Table.Ms(result.RelayLateness.Max)}");
        ctx.Print(table.ToString());
        var modes = new Table("proxy", "n", "lost", "skew p50", "p95", "max", "latency p50", "p95", "firing spread p50", "p95", "max");
        foreach (var m in inProcess.Prepend(skew))
        {
            modes.Add(m.Mode, m.TimedCommands, m.TimedLost, m.Skew.P50, m.Skew.P95, m.Skew.Max, m.Latency.P50, m.Latency.P95, m.FiringSpread.P50, m.FiringSpread.P95, m.FiringSpread.Max);
        }

        ctx.Print(modes.ToString());
        var threads = new Table("proxy threads (idle)", "count", "% of one core");
        foreach (var t in byThread.Take(8))
        {
            threads.Add(t.Name, t.Threads, t.PercentOfCore);
        }

        ctx.Print(threads.ToString());
        ctx.Results.Write("scale", result);
        return result;
    }

    /// <summary>Thread names with their numbers folded (".NET TP Worker" instances together).</summary>
    private static string Group(string name) => new string(name.Where(c => !char.IsDigit(c)).ToArray()).Trim();

    private static (double Idle, double Total) MachineCpu()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(double.Parse).ToArray();
        return (fields[3] + fields[4], fields.Sum());
    }
}

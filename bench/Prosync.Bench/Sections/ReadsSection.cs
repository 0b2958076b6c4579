using Prosync.Actors.Cluster;
using Prosync.Bench.Lab;
using Prosync.Bench.Measure;
using Prosync.Bench.Report;
using Prosync.Bench.Skew;

namespace Prosync.Bench.Sections;

/// <summary>
/// Read latency under each read policy, with the primary on the slowest Wi-Fi link (bursts per link). The
/// baseline is the primary answering every read (fixed=primary, what Prosync did before read policies). One
/// proxy per policy runs at the same time, and reads are interleaved round-robin so every policy meets the
/// same bursts.
/// </summary>
public static class ReadsSection
{
    public sealed record PolicyResult(string Policy, Summary LatencyMs, double P50Ratio, double P95Ratio);

    public sealed record Result(string Command, string Primary, IReadOnlyList<PolicyResult> Policies, string Load);

    private const string Read = "lsinfo";

    public static async Task<Result> RunAsync(BenchContext ctx, BenchLab lab)
    {
        ctx.Say($"reads: `{Read}` latency per read policy, primary on the slowest link");
        // The slowest link first, so it is the primary.
        var endpoints = lab.Endpoints.Reverse().ToList();
        var policies = new (string Name, ClusterOptions Options)[]
        {
            ("primary (baseline)", ClusterOptions.Default with { ReadPolicy = ReadPolicy.Fixed, ReadServer = endpoints[0].Name }),
            ("lowest-latency", ClusterOptions.Default with { ReadPolicy = ReadPolicy.LowestLatency }),
            ("race", ClusterOptions.Default with { ReadPolicy = ReadPolicy.Race }),
        };
        var log = ctx.ProxyLog("reads");
        var proxies = new List<InProcessProxy>();
        var clients = new List<ICommandChannel>();
        try
        {
            foreach (var (_, options) in policies)
            {
                proxies.Add(await InProcessProxy.StartAsync(endpoints, options, log, TimeSpan.FromSeconds(60)));
            }
            await Task.Delay(TimeSpan.FromSeconds(2)); // estimates settle
            clients.AddRange(proxies.Select(p => p.Connect()));
            var n = ctx.Options.Quick ? 30 : 400;
            var latencies = policies.Select(_ => new List<double>(n)).ToArray();
            for (var i = 0; i < n; i++)
            {
                // Rotate which policy goes first, so none always reads right after another's burst began.
                for (var k = 0; k < clients.Count; k++)
                {
                    var j = (i + k) % clients.Count;
                    latencies[j].Add(clients[j].Run(Read).LatencyMs);
                }
                Thread.Sleep(5);
            }

            var summaries = latencies.Select(Summary.Of).ToArray();
            var results = policies.Select((p, i) => new PolicyResult(p.Name, summaries[i],
                summaries[i].P50 / summaries[0].P50, summaries[i].P95 / summaries[0].P95)).ToList();
            var result = new Result(Read, endpoints[0].Name, results, ProcessStats.LoadAverage());
            ctx.Print($"\n### reads: `{Read}` through Prosync, 4 rooms on wifi (bursts per link), primary {endpoints[0].Name} on the slowest link (ms)\n");
            var table = new Table("policy", "n", "p50", "p95", "p99", "max", "p50 / baseline", "p95 / baseline");
            foreach (var r in results)
                table.Add(r.Policy, r.LatencyMs.Count, r.LatencyMs.P50, r.LatencyMs.P95, r.LatencyMs.P99, r.LatencyMs.Max,
                    r.P50Ratio.ToString("0.00"), r.P95Ratio.ToString("0.00"));
            ctx.Print(table.ToString());
            ctx.Print($"(load {result.Load})\n");
            ctx.Results.Write("reads", result);
            return result;
        }
        finally
        {
            foreach (var client in clients) client.Dispose();
            foreach (var proxy in proxies) await proxy.DisposeAsync();
        }
    }
}

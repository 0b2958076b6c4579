using System.Diagnostics;
using Prosync.Bench.Lab;
using Prosync.Bench.Report;
using Prosync.Bench.Sections;
using Prosync.Bench.Skew;

namespace Prosync.Bench;

/// <summary>Runs the chosen sections in order, then states every target next to its figure.</summary>
public static class BenchRun
{
    public static async Task<int> RunAsync(BenchOptions options)
    {
        var results = new ResultsWriter(options.Out ?? ResultsWriter.DefaultDirectory());
        var sw = Stopwatch.StartNew();
        Console.WriteLine($"Prosync benchmark: sections {string.Join(", ", options.Sections)}; {Environment.ProcessorCount} cores; load {Measure.ProcessStats.LoadAverage()}; results in {results.Directory}");
        var layout = options.NoPin ? "no pinning (--no-pin)" : CpuAffinity.ApplyBenchLayout();
        Console.WriteLine($"CPU layout: {layout}");
        var library = await BenchLibrary.PrepareAsync();
        using var ctx = new BenchContext(options, results, library);
        var summary = new RunSummary { Command = "dotnet run -c Release --project bench/Prosync.Bench -- " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1)), LoadBefore = Measure.ProcessStats.LoadAverage(), CpuLayout = layout };
        BenchLab? lan = null;
        try
        {
            foreach (var section in options.Sections)
            {
                switch (section)
                {
                    case "relay":
                        summary.Relay = await RelaySection.RunAsync(ctx);
                        break;
                    case "overhead":
                        summary.Overhead = await OverheadSection.RunAsync(ctx);
                        break;
                    case "lan":
                        lan ??= await StartLabAsync(ctx, 3, "lan", BurstModel.PerConnection);
                        summary.Lan = await SkewSection.RunAsync(ctx, "lan", lan, new RunPlan(options.LanCommands, true, options.Warmup), Mode.All);
                        break;
                    case "recovery":
                        lan ??= await StartLabAsync(ctx, 3, "lan", BurstModel.PerConnection);
                        summary.Recovery = await RecoverySection.RunAsync(ctx, lan);
                        break;
                    case "wifi-link":
                        await using (var lab = await StartLabAsync(ctx, 4, "wifi", BurstModel.PerLink))
                        {
                            summary.WifiLink = await SkewSection.RunAsync(ctx, "wifi-link", lab, new RunPlan(options.WifiCommands, true, options.Warmup), Mode.AllWithJitterOracle);
                        }

                        break;
                    case "wifi":
                        await using (var lab = await StartLabAsync(ctx, 4, "wifi", BurstModel.PerConnection))
                        {
                            summary.Wifi = await SkewSection.RunAsync(ctx, "wifi", lab, new RunPlan(Math.Max(6, options.WifiCommands / 2), false, options.Warmup), Mode.AllWithJitterOracle);
                        }

                        break;
                    case "wifi-bursty":
                        // Today's wifi, but the slowest link has Gilbert–Elliott link bursts on ~30 % of its probe round trips.
                        await using (var lab = await StartLabAsync(ctx, 4, "wifi-bursty", BurstModel.PerConnection))
                        {
                            summary.WifiBursty = await SkewSection.RunAsync(ctx, "wifi-bursty", lab, new RunPlan(options.WifiCommands, false, options.Warmup), Mode.AllWithJitterOracle);
                        }

                        break;
                    case "reads":
                        await using (var lab = await StartLabAsync(ctx, 4, "wifi", BurstModel.PerLink))
                        {
                            summary.Reads = await ReadsSection.RunAsync(ctx, lab);
                        }

                        break;
                    case "library":
                        summary.Library = await LibrarySection.RunAsync(ctx);
                        break;
                    case "continuity":
                        summary.Continuity = await ContinuitySection.RunAsync(ctx);
                        break;
                    case "scale":
                        if (lan is not null)
                        {
                            await lan.DisposeAsync();
                            lan = null;
                        }

                        summary.Scale = await ScaleSection.RunAsync(ctx);
                        break;
                }
            }
        }
        finally
        {
            if (lan is not null)
            {
                await lan.DisposeAsync();
            }
        }

        summary.LoadAfter = Measure.ProcessStats.LoadAverage();
        summary.Seconds = sw.Elapsed.TotalSeconds;
        Targets.Print(ctx, summary);
        results.Write("summary", summary with { });
        ctx.Say($"done in {sw.Elapsed:mm\\:ss}; load {summary.LoadAfter}");
        return 0;
    }

    private static Task<BenchLab> StartLabAsync(BenchContext ctx, int servers, string profile, BurstModel model) =>
        BenchLab.StartPlayingAsync(ctx.Library, servers, profile, model, ctx.Options.Seed);
}

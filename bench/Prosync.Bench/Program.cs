using Prosync.Bench;
using Prosync.Bench.Lab;
using Prosync.Bench.Report;
using Prosync.Bench.Sections;

if (args.Length > 0 && args[0] == "mpd-corrections")
{
    // Measurements of what unmodified MPD allows for continuity corrections (docs/continuity-measurements.md).
    return Prosync.Bench.Continuity.CorrectionsBench.Run(args[1..]);
}

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (Exception e) when (e is ArgumentException or FormatException)
{
    Console.Error.WriteLine($"error: {e.Message}\n\n{BenchOptions.Usage}");
    return 2;
}

if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(BenchOptions.Usage);
    return 0;
}

return await BenchRun.RunAsync(options);

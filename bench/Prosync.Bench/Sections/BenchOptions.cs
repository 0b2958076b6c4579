using System.Globalization;

namespace Prosync.Bench.Sections;

/// <summary>Command line of the benchmark.</summary>
public sealed record BenchOptions
{
    public static readonly string[] SectionNames = ["relay", "overhead", "lan", "wifi-link", "wifi", "wifi-bursty", "recovery", "reads", "scale", "continuity", "library"];

    /// <summary>What <c>all</c> (and no section) runs: not continuity, whose 10 minutes of play would double its time.</summary>
    public static readonly string[] AllSections = ["relay", "overhead", "lan", "wifi-link", "wifi", "wifi-bursty", "recovery", "reads", "scale", "library"];

    public const string Usage = """
        Prosync benchmark: real MPD servers behind latency-injecting relays; effect skew of naive, oracle and
        Prosync (each estimator, with and without the pre-send probe), plus scale, overhead, recovery and the
        relay's own precision. Results: a Markdown table per section on stdout, JSON in bench/results/.

        Usage: dotnet run -c Release --project bench/Prosync.Bench -- [SECTION ...] [options]
          SECTION: all (default) | relay | overhead | lan | wifi-link | wifi | wifi-bursty | recovery | reads | scale | library | continuity
                   (all runs every section but continuity, which plays --continuity-minutes and would double
                   all's time: name it, e.g. `-- continuity --continuity-link wifi`)
          --quick               few commands per mode (a smoke test, figures not meaningful)
          --no-pin              no CPU layout (relays then share a core with the proxy's spinning firing thread)
          --lan-commands N      timed commands per mode on lan (default 30)
          --wifi-commands N     timed commands per mode on wifi-link and wifi-bursty (default 60) and wifi (half of it)
          --scale-servers N     servers in the scale section (default 64)
          --continuity-minutes N  minutes of play in continuity (default 10; --quick: 1.5)
          --continuity-link L     lan (default) or wifi: the links of the continuity rooms
          --seed N              seeds relays, bursts and the command script (default 1)
          --out DIR             results folder (default bench/results)

        Separately: dotnet run -c Release --project bench/Prosync.Bench -- mpd-corrections [--help]
          what unmodified MPD allows for continuity corrections (docs/continuity-measurements.md)
        """;

    public IReadOnlyList<string> Sections { get; init; } = AllSections;

    public bool Quick { get; init; }

    /// <summary>Skip the CPU layout (see <see cref="Lab.CpuAffinity.ApplyBenchLayout"/>), to see what co-location does.</summary>
    public bool NoPin { get; init; }

    public int LanCommands { get; init; } = 30;

    public int WifiCommands { get; init; } = 60;

    public int ScaleServers { get; init; } = 64;

    public int ScaleCommands { get; init; } = 30;

    public int Seed { get; init; } = 1;

    public double ContinuityMinutes { get; init; } = 10;

    public string ContinuityLink { get; init; } = "lan";

    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(4);

    public string? Out { get; init; }

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchOptions();
        var sections = new List<string>();
        double? continuityMinutes = null;
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int Number() => int.Parse(Value(), CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "all":
                    sections.AddRange(AllSections);
                    break;
                case var s when SectionNames.Contains(s):
                    sections.Add(s);
                    break;
                case "--quick":
                    options = options with { Quick = true, LanCommands = 6, WifiCommands = 6, ScaleCommands = 6, Warmup = TimeSpan.FromSeconds(3), ContinuityMinutes = 1.5 };
                    break;
                case "--no-pin":
                    options = options with { NoPin = true };
                    break;
                case "--lan-commands":
                    options = options with { LanCommands = Number() };
                    break;
                case "--wifi-commands":
                    options = options with { WifiCommands = Number() };
                    break;
                case "--scale-servers":
                    options = options with { ScaleServers = Number() };
                    break;
                case "--continuity-minutes":
                    continuityMinutes = double.Parse(Value(), CultureInfo.InvariantCulture);
                    break;
                case "--continuity-link":
                    var link = Value();
                    options = options with { ContinuityLink = link is "lan" or "wifi" ? link : throw new ArgumentException("--continuity-link: lan or wifi") };
                    break;
                case "--seed":
                    options = options with { Seed = Number() };
                    break;
                case "--out":
                    options = options with { Out = Value() };
                    break;
                default:
                    throw new ArgumentException($"unknown argument '{args[i]}'");
            }
        }

        return options with
        {
            Sections = sections.Count == 0 ? AllSections : sections.Distinct().ToArray(),
            ContinuityMinutes = continuityMinutes ?? options.ContinuityMinutes,
        };
    }
}

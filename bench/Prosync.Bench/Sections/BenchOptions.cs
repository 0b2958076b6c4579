using System.Globalization;

namespace Prosync.Bench.Sections;

/// <summary>Command line of the benchmark.</summary>
public sealed record BenchOptions
{
    public static readonly string[] SectionNames = ["relay", "overhead", "lan", "wifi-link", "wifi", "wifi-bursty", "recovery", "reads", "scale"];

    public const string Usage = """
        Prosync benchmark: real MPD servers behind latency-injecting relays; effect skew of naive, oracle and
        Prosync (each estimator, with and without the pre-send probe), plus scale, overhead, recovery and the
        relay's own precision. Results: a Markdown table per section on stdout, JSON in bench/results/.

        Usage: dotnet run -c Release --project bench/Prosync.Bench -- [SECTION ...] [options]
          SECTION: all (default) | relay | overhead | lan | wifi-link | wifi | wifi-bursty | recovery | reads | scale
          --quick               few commands per mode (a smoke test, figures not meaningful)
          --no-pin              no CPU layout (relays then share a core with the proxy's spinning firing thread)
          --lan-commands N      timed commands per mode on lan (default 30)
          --wifi-commands N     timed commands per mode on wifi-link and wifi-bursty (default 60) and wifi (half of it)
          --scale-servers N     servers in the scale section (default 64)
          --seed N              seeds relays, bursts and the command script (default 1)
          --out DIR             results folder (default bench/results)

        Separately: dotnet run -c Release --project bench/Prosync.Bench -- mpd-corrections [--help]
          what unmodified MPD allows for continuity corrections (docs/continuity-measurements.md)
        """;

    public IReadOnlyList<string> Sections { get; init; } = SectionNames;

    public bool Quick { get; init; }

    /// <summary>Skip the CPU layout (see <see cref="Lab.CpuAffinity.ApplyBenchLayout"/>), to see what co-location does.</summary>
    public bool NoPin { get; init; }

    public int LanCommands { get; init; } = 30;

    public int WifiCommands { get; init; } = 60;

    public int ScaleServers { get; init; } = 64;

    public int ScaleCommands { get; init; } = 30;

    public int Seed { get; init; } = 1;

    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(4);

    public string? Out { get; init; }

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchOptions();
        var sections = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int Number() => int.Parse(Value(), CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "all":
                    sections.AddRange(SectionNames);
                    break;
                case var s when SectionNames.Contains(s):
                    sections.Add(s);
                    break;
                case "--quick":
                    options = options with { Quick = true, LanCommands = 6, WifiCommands = 6, ScaleCommands = 6, Warmup = TimeSpan.FromSeconds(3) };
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

        return options with { Sections = sections.Count == 0 ? SectionNames : sections.Distinct().ToArray() };
    }
}

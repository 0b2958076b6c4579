namespace Prosync.Host.Demo;

/// <summary>The programs the demo runs: <c>mpd</c> for the rooms and <c>sox</c> to make their music.</summary>
public static class DemoPrerequisites
{
    private static IReadOnlyList<string> Tools { get; } = ["mpd", "sox"];

    /// <summary>The tools <paramref name="find"/> cannot locate (it returns a path or null).</summary>
    public static IReadOnlyList<string> Missing(Func<string, string?> find) => Tools.Where(t => find(t) is null).ToList();

    public static string Explain(IReadOnlyList<string> missing, bool noServers)
        => (noServers ? "no MPD servers configured, so Prosync would start its demo, but " : "the demo needs mpd and sox, but ")
            + $"{string.Join(" and ", missing)} {(missing.Count == 1 ? "is" : "are")} not installed.\n"
            + "Install them (Debian, Ubuntu: sudo apt-get install mpd sox) for the demo, or name your MPD servers, e.g.\n"
            + "  --server 127.0.0.1:6601 --server 127.0.0.1:6602\n"
            + "or list them in a file (--servers-file FILE) or under Prosync:Servers in appsettings.json.";
}

using System.Diagnostics;
using Xunit.Abstractions;

namespace Prosync.Actors.Tests.Dashboard;

/// <summary>The dashboard's browser scripts (browser/*.mjs: Playwright driving Debian's headless Chromium), run by node.</summary>
internal static class BrowserScript
{
    public const string Chromium = "/usr/bin/chromium";

    public static string Folder { get; } = Path.Combine(RepositoryPaths.Root, "Prosync.Actors.Tests", "Dashboard", "browser");

    /// <summary>Where screenshots go: TestResults/dashboard, made if need be.</summary>
    public static string Results => Directory.CreateDirectory(Path.Combine(RepositoryPaths.Root, "TestResults", "dashboard")).FullName;

    /// <summary>Whether Chromium is here to drive; on CI its absence is a failure, elsewhere the test says so and passes.</summary>
    public static bool IsAvailable(ITestOutputHelper output)
    {
        if (File.Exists(Chromium)) return true;
        Assert.False(Environment.GetEnvironmentVariable("CI") == "true", $"{Chromium} is missing: apt-get install chromium");
        output.WriteLine($"{Chromium} is not installed (apt-get install chromium): nothing to drive");
        return false;
    }

    /// <summary>Runs <paramref name="script"/> with <paramref name="args"/> (and --chromium) to its end; returns its exit code, its output written to the test's.</summary>
    public static async Task<int> RunAsync(string script, IEnumerable<string> args, ITestOutputHelper output, TimeSpan timeout)
    {
        var start = new ProcessStartInfo("node") { WorkingDirectory = Folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args.Prepend(script).Concat(["--chromium", Chromium])) start.ArgumentList.Add(arg);
        using var node = Process.Start(start)!;
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await node.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            node.Kill(entireProcessTree: true);
            await node.WaitForExitAsync();
        }
        output.WriteLine(await stdout);
        output.WriteLine(await stderr);
        return node.HasExited && !cancel.IsCancellationRequested ? node.ExitCode : -1;
    }
}

using System.Diagnostics;
using Prosync.Actors.Tests.TestKit;
using Prosync.Host.Demo;
using Xunit.Abstractions;

namespace Prosync.Actors.Tests.Dashboard;

/// <summary>
/// The dashboard as a person sees it: headless Chromium (Debian's, driven by Playwright from
/// Dashboard/browser/dashboard.mjs) against the demo's three MPD rooms behind simulated Wi-Fi links. It sees every
/// room and a moving chart; this test kills one room's MPD and the page shows it Down, restarts it and the page
/// shows it InSync again; then it takes the screenshot the README shows.
/// </summary>
/// <remarks>
/// The screenshot goes to TestResults/dashboard/dashboard.png; with PROSYNC_UPDATE_SCREENSHOT=1 also to
/// docs/dashboard.png (the README's). Without /usr/bin/chromium the test passes vacuously, except under CI
/// (CI=true), where .ci/run installs it.
/// </remarks>
[Collection(RealMpdCollection.Name)]
public sealed class DashboardBrowserTests(ITestOutputHelper output)
{
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Dashboard_shows_every_room_a_moving_chart_and_a_room_going_Down_and_back_InSync()
    {
        if (!BrowserScript.IsAvailable(output)) return;
        var script = BrowserScript.Folder;
        Assert.True(Directory.Exists(Path.Combine(script, "node_modules", "playwright-core")),
            $"run `npm ci` in {script} (the test project's build does it)");
        var screenshot = Path.Combine(BrowserScript.Results, "dashboard.png");
        File.Delete(screenshot);

        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = script,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "dashboard.mjs", "--rooms", string.Join(',', DemoRooms.DefaultRooms),
            "--stop", DemoRooms.DefaultRooms[^1], "--screenshot", screenshot, "--chromium", BrowserScript.Chromium })
        {
            start.ArgumentList.Add(arg);
        }
        using var node = Process.Start(start)!;
        var stderr = node.StandardError.ReadToEndAsync();

        var collector = new LogCollector();
        var logger = collector.Logger;
        await using var rooms = await DemoRooms.StartAsync(DemoRooms.DefaultRooms, logger, CancellationToken.None,
            trackLength: TimeSpan.FromSeconds(45));
        var victim = rooms.Rooms[^1];
        DashboardHost? host = null;
        Task commands = Task.CompletedTask;
        using var timeout = new CancellationTokenSource(ScriptTimeout);
        string? failure = null;
        var done = false;
        try
        {
            while (await node.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                output.WriteLine($"{DateTime.Now:HH:mm:ss.fff} browser: {line}");
                if (line == "STEP browser")
                {
                    host = await DashboardHost.StartAsync(rooms.Endpoints, logger: logger);
                    await DemoGuide.WelcomeAsync(host.App, rooms, openBrowser: false, logger, CancellationToken.None);
                    commands = SendSomeCommandsAsync(host);
                    await node.StandardInput.WriteLineAsync("url " + host.Url);
                    await node.StandardInput.FlushAsync();
                }
                else if (line == "STEP stop")
                {
                    victim.Mpd.Kill();
                    await node.StandardInput.WriteLineAsync("stopped");
                    await node.StandardInput.FlushAsync();
                }
                else if (line == "STEP restart")
                {
                    await victim.Mpd.RestartAsync(timeout.Token);
                    await node.StandardInput.WriteLineAsync("restarted");
                    await node.StandardInput.FlushAsync();
                }
                else if (line.StartsWith("FAIL ", StringComparison.Ordinal))
                {
                    failure = line[5..];
                }
                else if (line == "DONE")
                {
                    done = true;
                }
            }
            await node.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            failure = $"the browser script did not finish within {ScriptTimeout.TotalSeconds} s";
        }
        finally
        {
            if (!node.HasExited)
            {
                node.Kill(entireProcessTree: true);
            }
            await commands;
            if (host is not null)
            {
                await host.DisposeAsync();
            }
        }
        var errors = await stderr;
        await File.WriteAllLinesAsync(Path.Combine(BrowserScript.Results, "prosync.log"), collector.Events.Select(e =>
            $"{e.Timestamp:HH:mm:ss.fff} {e.Level} {e.RenderMessage(System.Globalization.CultureInfo.InvariantCulture)}{(e.Exception is null ? "" : " | " + e.Exception.Message)}"));
        if (errors.Length > 0)
        {
            output.WriteLine("browser stderr: " + errors);
        }

        Assert.True(failure is null, $"browser: {failure}\n{errors}");
        Assert.True(done && node.ExitCode == 0, $"the browser script exited with {node.ExitCode}:\n{errors}");
        Assert.True(new FileInfo(screenshot).Length > 20_000, "the screenshot is missing or empty");
        if (Environment.GetEnvironmentVariable("PROSYNC_UPDATE_SCREENSHOT") == "1")
        {
            var docs = Path.Combine(RepositoryPaths.Root, "docs");
            Directory.CreateDirectory(docs);
            File.Copy(screenshot, Path.Combine(docs, "dashboard.png"), overwrite: true);
        }
    }

    /// <summary>A few timed commands, spaced out, for the "recent commands" table.</summary>
    private static async Task SendSomeCommandsAsync(DashboardHost host)
    {
        foreach (var command in new[] { "pause 1", "pause 0", "seekcur +10" })
        {
            await Task.Delay(700);
            await host.Proxy.SendAsync(command);
        }
    }
}

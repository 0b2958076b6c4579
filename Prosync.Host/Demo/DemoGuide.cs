using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Prosync.Actors.Protocol;
using Prosync.Host.Hosting;
using Prosync.Host.Lab;

namespace Prosync.Host.Demo;

/// <summary>
/// What a newcomer needs once the demo runs: where the dashboard is and how to point mpc at Prosync; then the
/// rooms are brought in sync, the demo tones queued and played through Prosync (so the dashboard shows what
/// plays and how closely the rooms followed), and the dashboard opened in the desktop's browser if there is one.
/// </summary>
public static class DemoGuide
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(10);

    public static async Task WelcomeAsync(WebApplication app, DemoRooms rooms, bool openBrowser, Serilog.ILogger logger,
        CancellationToken ct)
    {
        var log = logger.ForContext(typeof(DemoGuide));
        var proxy = app.Services.GetRequiredService<ProxyHostedService>().Proxy;
        if (proxy is null)
        {
            return;
        }
        var options = app.Services.GetRequiredService<ProsyncAppOptions>();
        var url = options.Http is null ? null : ProsyncApp.DashboardUrl(app);
        var host = proxy.LocalEndPoint.Address.ToString() is "0.0.0.0" or "::" ? "127.0.0.1" : proxy.LocalEndPoint.Address.ToString();
        var port = proxy.LocalEndPoint.Port;
        log.Information(
            "\n  Prosync demo: {Count} rooms ({Rooms}) behind simulated Wi-Fi links.\n"
            + "    Dashboard:    {Url}\n"
            + "    MPD clients:  mpc -h {Host} -p {Port} status     (then: mpc -h {Host} -p {Port} pause | play | next | seek +30 | volume 50)\n"
            + "                  or export MPD_HOST={Host} MPD_PORT={Port}; ncmpcpp works too\n"
            + "    Ctrl-C stops Prosync and the demo rooms.",
            rooms.Rooms.Count, string.Join(", ", rooms.Rooms.Select(r => r.Name)), url ?? "(off: --http none)", host, port,
            host, port, host, port);
        if (url is not null && openBrowser)
        {
            OpenBrowser(url, log);
        }

        try
        {
            await proxy.WaitForInSyncAsync(rooms.Rooms.Count, TimeSpan.FromSeconds(60));
            log.Information("Demo: all {Count} rooms are in sync", rooms.Rooms.Count);
            await SendAsync(proxy.LocalEndPoint,
                ["clear", .. rooms.Songs.Select(song => new MpdRequest("add", [song]).ToLine())], ct);
            // Timed commands a little apart, so each one's effect in the rooms is measured on its own.
            foreach (var command in new[] { "repeat 1", "setvol 80", "play" })
            {
                await Task.Delay(TimeSpan.FromMilliseconds(300), ct);
                await SendAsync(proxy.LocalEndPoint, [command], ct);
            }
            log.Information("Demo: playing {Count} test tones in every room (silently: the rooms' outputs are null)", rooms.Songs.Count);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // stopping
        }
        catch (Exception e)
        {
            log.Warning("Demo: could not start playback: {Error}", e.Message);
        }
    }

    /// <summary>Sends command lines to Prosync as an MPD client would, on a connection of their own.</summary>
    /// <exception cref="IOException">A command was refused (ACK), or the connection closed before every reply.</exception>
    private static async Task SendAsync(IPEndPoint proxy, IReadOnlyList<string> commands, CancellationToken ct)
    {
        var address = proxy.Address.Equals(IPAddress.Any) ? IPAddress.Loopback
            : proxy.Address.Equals(IPAddress.IPv6Any) ? IPAddress.IPv6Loopback : proxy.Address;
        var reply = await RawMpdConnection.SendAsync(address.ToString(), proxy.Port, string.Join('\n', commands), CommandTimeout, ct);
        var lines = reply.Split('\n');
        if (lines.FirstOrDefault(line => line.StartsWith("ACK ", StringComparison.Ordinal)) is { } ack)
        {
            throw new IOException($"{string.Join("; ", commands)}: {ack}");
        }
        if (lines.Count(line => line == "OK") < commands.Count)
        {
            throw new IOException($"{string.Join("; ", commands)}: the connection closed");
        }
    }

    /// <summary>Best effort, never fails: only on a desktop session (a display) with xdg-open installed.</summary>
    private static void OpenBrowser(string url, Serilog.ILogger log)
    {
        var desktop = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DISPLAY"))
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("WAYLAND_DISPLAY"));
        if (!desktop || ExternalProcess.FindOnPath("xdg-open") is not { } xdgOpen)
        {
            return;
        }
        try
        {
            var start = new ProcessStartInfo(xdgOpen) { RedirectStandardError = true, RedirectStandardOutput = true };
            start.ArgumentList.Add(url);
            var process = Process.Start(start);
            if (process is null)
            {
                return;
            }
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            _ = process.WaitForExitAsync().ContinueWith(_ => process.Dispose(), TaskScheduler.Default);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            log.Debug("Could not open a browser: {Error}", e.Message);
        }
    }
}

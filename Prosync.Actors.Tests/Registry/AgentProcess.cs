using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Prosync.Host.Lab;

namespace Prosync.Actors.Tests.Registry;

/// <summary>
/// A real Prosync agent: <c>dotnet Prosync.Host.dll agent …</c> as a child process, listening on a free loopback
/// port; its output is kept for assertions and failure messages.
/// </summary>
public sealed partial class AgentProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private AgentProcess(Process process, string name)
    {
        _process = process;
        Name = name;
    }

    public string Name { get; }

    /// <summary>Where the agent listens (its real port).</summary>
    public Uri Url => _listening.Task.IsCompletedSuccessfully ? _listening.Task.Result : throw new InvalidOperationException("not listening yet");

    public string Output => string.Join('\n', _lines);

    public bool HasExited => _process.HasExited;

    /// <summary>Starts the agent and waits until it listens.</summary>
    /// <param name="mpd">The room's MPD, <c>host:port</c>.</param>
    public static async Task<AgentProcess> StartAsync(string name, string registry, string mpd, string musicDirectory,
        double keepaliveSeconds = 1, string? advertise = null, int listenPort = 0)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])[HostDll.Path, "agent", "--registry", registry, "--name", name, "--mpd", mpd,
                     "--music-dir", musicDirectory, "--listen", $"127.0.0.1:{listenPort}", "--keepalive", keepaliveSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            info.ArgumentList.Add(arg);
        }
        if (advertise is not null)
        {
            info.ArgumentList.Add("--advertise");
            info.ArgumentList.Add(advertise);
        }
        var process = new Process { StartInfo = info };
        var agent = new AgentProcess(process, name);
        process.OutputDataReceived += (_, e) => agent.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => agent.OnLine(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var started = await Task.WhenAny(agent._listening.Task, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(30)));
        if (started != agent._listening.Task)
        {
            await agent.DisposeAsync();
            throw new InvalidOperationException($"agent {name} did not start listening:\n{agent.Output}");
        }
        return agent;
    }

    /// <summary>SIGKILL: no goodbye, as a crash or a power cut.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM, as Ctrl-C or a service manager: the agent says goodbye and exits.</summary>
    public async Task<int> StopAsync()
    {
        if (!_process.HasExited)
        {
            PosixSignals.Send(_process.Id, PosixSignals.SigTerm);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await _process.WaitForExitAsync(timeout.Token);
        }
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }
        _lines.Enqueue(line);
        if (ListeningLine().Match(line) is { Success: true } m)
        {
            _listening.TrySetResult(new Uri(m.Groups[1].Value));
        }
    }

    [GeneratedRegex(@"listening on (http://\S+)")]
    private static partial Regex ListeningLine();
}

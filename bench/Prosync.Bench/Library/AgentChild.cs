using System.Diagnostics;
using System.Globalization;
using Prosync.Host.Lab;

namespace Prosync.Bench.Library;

/// <summary>A real agent process (<c>dotnet Prosync.Host.dll agent …</c>), its output appended to a log file.</summary>
public sealed class AgentChild : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private AgentChild(Process process, Stopwatch started)
    {
        _process = process;
        Started = started;
    }

    /// <summary>Since the process was started.</summary>
    public Stopwatch Started { get; }

    public static async Task<AgentChild> StartAsync(string name, string registry, string mpd, string musicDirectory, int listenPort,
        string advertise, double keepaliveSeconds, StreamWriter log)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in (string[])[HostDll(), "agent", "--registry", registry, "--name", name, "--mpd", mpd, "--music-dir", musicDirectory,
                     "--listen", $"127.0.0.1:{listenPort}", "--advertise", advertise, "--keepalive", keepaliveSeconds.ToString(CultureInfo.InvariantCulture)])
        {
            info.ArgumentList.Add(a);
        }
        var process = new Process { StartInfo = info };
        var child = new AgentChild(process, Stopwatch.StartNew());
        void OnLine(string? line)
        {
            if (line is null) return;
            lock (log) log.WriteLine($"{name}: {line}");
            if (line.Contains(" listening on ", StringComparison.Ordinal)) child._listening.TrySetResult();
        }
        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (await Task.WhenAny(child._listening.Task, Task.Delay(TimeSpan.FromSeconds(30))) != child._listening.Task)
        {
            await child.DisposeAsync();
            throw new TimeoutException($"agent {name} did not listen within 30 s (see the section's log)");
        }
        return child;
    }

    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            PosixSignals.Send(_process.Id, PosixSignals.SigTerm);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        _process.Dispose();
    }

    private static string HostDll()
    {
        var here = Path.Combine(AppContext.BaseDirectory, "Prosync.Host.dll");
        return File.Exists(here) ? here : throw new FileNotFoundException("Prosync.Host.dll is not next to the bench; build it");
    }
}

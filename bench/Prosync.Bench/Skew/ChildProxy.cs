using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Prosync.Actors.Cluster;
using Prosync.Actors.Proxy;
using Prosync.Bench.Measure;
using Prosync.Host.Lab;

namespace Prosync.Bench.Skew;

/// <summary>
/// Prosync as a user runs it: <c>dotnet Prosync.Host.dll --listen … --server NAME=HOST:PORT …</c> in a child
/// process, so its CPU time and memory are its own. Readiness is read from its log ("Server X: … -> InSync").
/// </summary>
public sealed partial class ChildProxy : IProxyUnderTest
{
    private readonly Process _process;
    private readonly ConcurrentDictionary<string, string> _states = new();
    private readonly StreamWriter _log;
    private int _disposed;

    private ChildProxy(Process process, int port, StreamWriter log)
    {
        _process = process;
        Port = port;
        _log = log;
    }

    public int Port { get; }

    public int ProcessId => _process.Id;

    /// <summary>The command line, for the report.</summary>
    public string CommandLine { get; private init; } = "";

    public static ChildProxy Start(IReadOnlyList<ServerEndpoint> servers, string logPath)
    {
        var dll = LocateHost();
        var port = FreePort();
        // Not the bench's CPU pinning: Prosync.Host may use both CPUs (its timed-send thread is pinned once it runs).
        var taskset = File.Exists("/usr/bin/taskset") && Lab.CpuAffinity.IsSupported;
        var info = new ProcessStartInfo(taskset ? "/usr/bin/taskset" : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (taskset)
        {
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add($"0-{Environment.ProcessorCount - 1}");
            info.ArgumentList.Add("dotnet");
        }

        info.ArgumentList.Add(dll);
        info.ArgumentList.Add("--listen");
        info.ArgumentList.Add($"127.0.0.1:{port}");
        foreach (var s in servers)
        {
            info.ArgumentList.Add("--server");
            info.ArgumentList.Add($"{s.Name}={s.Host}:{s.Port}");
        }

        if (HostHasFlag(dll, "--http"))
        {
            info.ArgumentList.Add("--http");
            info.ArgumentList.Add("none");
        }

        var log = new StreamWriter(logPath, append: false) { AutoFlush = true };
        var process = new Process { StartInfo = info };
        var proxy = new ChildProxy(process, port, log) { CommandLine = ExternalProcess.Describe(info.FileName, info.ArgumentList) };
        process.OutputDataReceived += (_, e) => proxy.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => proxy.OnLine(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return proxy;
    }

    public int InSyncCount => _states.Values.Count(s => s == "InSync");

    public async Task WaitForInSyncAsync(int servers, TimeSpan timeout)
    {
        var sw = Stopwatch.StartNew();
        while (InSyncCount < servers)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Prosync.Host exited with code {_process.ExitCode}; see its log");
            }

            if (sw.Elapsed > timeout)
            {
                throw new TimeoutException($"only {InSyncCount} of {servers} servers in sync after {timeout}");
            }

            await Task.Delay(20);
        }

        // As in the bench process: the real-time firing thread on CPU 0, off the relays' core.
        if (Lab.CpuAffinity.IsSupported)
        {
            Lab.CpuAffinity.PinNamed(ProcessId, Lab.CpuAffinity.TimedSendThread, 0);
        }
    }

    public ICommandChannel Connect() => MpdClient.Connect("127.0.0.1", Port);

    public Task<BroadcastRecord?> LatestBroadcastAsync() => Task.FromResult<BroadcastRecord?>(null);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (!_process.HasExited)
        {
            PosixSignals.Send(_process.Id, PosixSignals.SigTerm);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        _process.Dispose();
        lock (_log)
        {
            _log.Dispose();
        }
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.WriteLine(line);
        }

        var match = StateLine().Match(line);
        if (match.Success)
        {
            _states[match.Groups[1].Value] = match.Groups[2].Value;
        }
    }

    /// <summary>Prosync.Host.dll with its runtimeconfig: next to the bench, else the project's own output of the same configuration.</summary>
    private static string LocateHost()
    {
        var here = AppContext.BaseDirectory;
        if (File.Exists(Path.Combine(here, "Prosync.Host.runtimeconfig.json")))
        {
            return Path.Combine(here, "Prosync.Host.dll");
        }

        var configuration = here.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        for (var dir = new DirectoryInfo(here); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "Prosync.Host", "bin", configuration, "net10.0", "Prosync.Host.dll");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("Prosync.Host.dll not found; build the solution first");
    }

    private static bool HostHasFlag(string dll, string flag)
    {
        var help = ExternalProcess.RunAsync("dotnet", [dll, "--help"], TimeSpan.FromSeconds(30)).GetAwaiter().GetResult();
        return System.Text.Encoding.UTF8.GetString(help.StandardOutput).Contains(flag, StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    [GeneratedRegex(@"Server (\S+): \S+ -> (\S+)")]
    private static partial Regex StateLine();
}

using Prosync.Host.Lab;

namespace Prosync.Actors.Tests.TestKit;

/// <summary>
/// Runs the real <c>mpc</c> (libmpdclient) against one MPD-speaking endpoint: a direct MPD or the proxy.
/// </summary>
/// <remarks>
/// Runs with LC_ALL=C.UTF-8 (mpc converts tags to the locale's charset; under "C" a non-ASCII name would
/// print as '?') and without MPD_HOST/MPD_PORT from the environment. Each run is killed after the timeout.
/// </remarks>
public sealed class MpcClient(string host, int port, TimeSpan? timeout = null)
{
    private static readonly Dictionary<string, string?> Environment = new()
    {
        ["LC_ALL"] = "C.UTF-8",
        ["LANG"] = "C.UTF-8",
        ["MPD_HOST"] = null,
        ["MPD_PORT"] = null,
        ["MPD_TIMEOUT"] = null,
    };

    public string Host { get; } = host;

    public int Port { get; } = port;

    public TimeSpan Timeout { get; } = timeout ?? TimeSpan.FromSeconds(10);

    /// <summary>
    /// Runs <c>mpc --host H --port P arguments…</c>. The process is started before this returns, so a
    /// long-running command (<c>idle</c>) can be started, then triggered, then awaited.
    /// </summary>
    public Task<MpcResult> RunAsync(params string[] arguments) => RunAsync(arguments, CancellationToken.None);

    public async Task<MpcResult> RunAsync(IReadOnlyList<string> arguments, CancellationToken ct)
    {
        var commandLine = new List<string> { "--host", Host, "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        commandLine.AddRange(arguments);
        var outcome = await ExternalProcess.RunAsync("mpc", commandLine, Timeout, Environment, ct: ct).ConfigureAwait(false);
        return new MpcResult(arguments, outcome.ExitCode, outcome.StandardOutput, outcome.StandardError);
    }
}

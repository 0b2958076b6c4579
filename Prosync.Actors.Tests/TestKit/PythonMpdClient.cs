using Prosync.Host.Lab;
using System.Globalization;
using System.Text;

namespace Prosync.Actors.Tests.TestKit;

/// <summary>
/// Runs a python-mpd2 script from TestKit/python (copied next to the test assembly) against one
/// MPD-speaking endpoint. Always uses <see cref="Interpreter"/>: python-mpd2 (Debian's python3-mpd) is
/// importable only there, not by the python3 that comes first on PATH.
/// </summary>
public sealed class PythonMpdClient(string host, int port, TimeSpan? timeout = null)
{
    public const string Interpreter = "/usr/bin/python3";

    /// <summary>The synchronous-client session (idle+noidle, command lists, binarylimit, errors).</summary>
    public const string SyncSession = "session_sync.py";

    /// <summary>The asyncio-client session (pipelining, automatic idle/noidle, the idle() iterator).</summary>
    public const string AsyncioSession = "session_asyncio.py";

    private static readonly Dictionary<string, string?> Environment = new()
    {
        ["PYTHONIOENCODING"] = "utf-8",
        ["PYTHONDONTWRITEBYTECODE"] = "1",
        ["PYTHONPATH"] = null,
        ["PYTHONHOME"] = null,
        ["LC_ALL"] = "C.UTF-8",
    };

    public string Host { get; } = host;

    public int Port { get; } = port;

    public TimeSpan Timeout { get; } = timeout ?? TimeSpan.FromSeconds(60);

    public static string ScriptDirectory => Path.Combine(AppContext.BaseDirectory, "TestKit", "python");

    public static PythonMpdClient For(MpdProcess server) => new(server.Host, server.Port);

    /// <summary>Runs <c>/usr/bin/python3 -B script --host H --port P arguments…</c>.</summary>
    public async Task<PythonScriptResult> RunAsync(string script, IEnumerable<string> arguments, CancellationToken ct = default)
    {
        var path = Path.Combine(ScriptDirectory, script);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"python script {script} is not in {ScriptDirectory} (is it copied to the output?)", path);
        }

        var commandLine = new List<string> { "-B", path, "--host", Host, "--port", Port.ToString(CultureInfo.InvariantCulture) };
        commandLine.AddRange(arguments);
        var outcome = await ExternalProcess.RunAsync(Interpreter, commandLine, Timeout, Environment, ScriptDirectory, ct).ConfigureAwait(false);
        return new PythonScriptResult(script, outcome.ExitCode, Encoding.UTF8.GetString(outcome.StandardOutput), outcome.StandardError);
    }

    /// <summary>
    /// Runs one of the session scripts with the library's well-known tracks and returns its JSON document;
    /// throws with the script's stderr when it fails.
    /// </summary>
    public async Task<string> RunSessionAsync(string script, MusicLibrary library, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(library);
        var result = await RunAsync(script,
        [
            "--art-uri", library.ArtTrack.Uri,
            "--plain-uri", library.PlainTrack.Uri,
            "--artist", library.PlainTrack.Artist,
            "--album", library.PlainTrack.Album,
        ], ct).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{script} against {Host}:{Port} failed with exit code {result.ExitCode}.\nstderr:\n{result.StandardError}\nstdout:\n{result.StandardOutput}");
        }

        return result.StandardOutput;
    }
}

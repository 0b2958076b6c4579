using System.Diagnostics;
using System.Text;

namespace Prosync.Host.Lab;

/// <summary>Runs a short-lived external tool (sox, metaflac, mpc, python) and collects its output.</summary>
public static class ExternalProcess
{
    /// <summary>What a finished tool left behind.</summary>
    public sealed record Outcome(int ExitCode, byte[] StandardOutput, string StandardError);

    /// <summary>
    /// Starts the tool synchronously (so callers can rely on it running when this returns a task) and
    /// completes when it exits. On timeout or cancellation the whole process tree is killed and
    /// <see cref="TimeoutException"/> (or <see cref="OperationCanceledException"/>) carries what was written so far.
    /// </summary>
    public static Task<Outcome> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        TimeSpan timeout,
        IReadOnlyDictionary<string, string?>? environment = null,
        string? workingDirectory = null,
        CancellationToken ct = default)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        if (environment is not null)
        {
            foreach (var (key, value) in environment)
            {
                if (value is null)
                {
                    info.Environment.Remove(key);
                }
                else
                {
                    info.Environment[key] = value;
                }
            }
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {fileName}");
        process.StandardInput.Close();
        return CollectAsync(process, Describe(fileName, info.ArgumentList), timeout, ct);
    }

    /// <summary>
    /// <see cref="RunAsync"/> for a tool that must succeed: a non-zero exit code is an
    /// <see cref="InvalidOperationException"/> carrying the command line and what the tool wrote to stderr.
    /// </summary>
    public static async Task<Outcome> RunCheckedAsync(string fileName, IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken ct = default)
    {
        var outcome = await RunAsync(fileName, arguments, timeout, ct: ct).ConfigureAwait(false);
        if (outcome.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"`{Describe(fileName, arguments)}` failed with exit code {outcome.ExitCode}: {outcome.StandardError.Trim()}");
        }

        return outcome;
    }

    /// <summary>The executable's full path from PATH, or null.</summary>
    public static string? FindOnPath(string program)
        => (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, program))
            .FirstOrDefault(path => File.Exists(path)
                && (OperatingSystem.IsWindows() || (File.GetUnixFileMode(path) & UnixFileMode.UserExecute) != 0));

    /// <summary>A shell-like rendering of a command line for messages and transcripts.</summary>
    public static string Describe(string fileName, IEnumerable<string> arguments)
        => fileName + " " + DescribeArguments(arguments);

    /// <summary>Arguments quoted like a POSIX shell would need them.</summary>
    public static string DescribeArguments(IEnumerable<string> arguments)
        => string.Join(' ', arguments.Select(Quote));

    private static string Quote(string argument)
        => argument.Length > 0 && argument.All(c => char.IsLetterOrDigit(c) || "-_./:=%+,@#".Contains(c))
            ? argument
            : "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static async Task<Outcome> CollectAsync(Process process, string commandLine, TimeSpan timeout, CancellationToken ct)
    {
        using (process)
        {
            using var output = new MemoryStream();
            var readOutput = process.StandardOutput.BaseStream.CopyToAsync(output, CancellationToken.None);
            var readError = process.StandardError.ReadToEndAsync(CancellationToken.None);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(timeout);
            try
            {
                await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                try
                {
                    process.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                    // exited in the meantime
                }

                await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
                await Task.WhenAll(readOutput, readError).ConfigureAwait(false);
                ct.ThrowIfCancellationRequested();
                throw new TimeoutException(
                    $"`{commandLine}` did not finish within {timeout.TotalSeconds:0.#} s.\n"
                    + $"stdout so far:\n{Encoding.UTF8.GetString(output.ToArray())}\nstderr so far:\n{readError.Result}");
            }

            await Task.WhenAll(readOutput, readError).ConfigureAwait(false);
            return new Outcome(process.ExitCode, output.ToArray(), await readError.ConfigureAwait(false));
        }
    }
}

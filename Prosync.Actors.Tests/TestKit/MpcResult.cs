using System.Text;

namespace Prosync.Actors.Tests.TestKit;

/// <summary>What one run of the real <c>mpc</c> printed and returned.</summary>
/// <param name="Arguments">The mpc arguments after --host/--port.</param>
/// <param name="StandardOutputBytes">Raw stdout (albumart/readpicture write binary data there).</param>
public sealed record MpcResult(IReadOnlyList<string> Arguments, int ExitCode, byte[] StandardOutputBytes, string StandardError)
{
    public string StandardOutput => Encoding.UTF8.GetString(StandardOutputBytes);
}

namespace Prosync.Actors.Tests.TestKit;

/// <summary>What one python-mpd2 script run printed (stdout is its JSON document) and returned.</summary>
public sealed record PythonScriptResult(string Script, int ExitCode, string StandardOutput, string StandardError);

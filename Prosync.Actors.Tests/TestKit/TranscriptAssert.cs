using System.Text;
using Xunit.Sdk;

namespace Prosync.Actors.Tests.TestKit;

/// <summary>
/// Compares two session transcripts line by line and, on a difference, fails with the first differing
/// line in context and the paths of both full transcripts (written under the temp directory).
/// </summary>
public static class TranscriptAssert
{
    private const int Context = 4;

    public static void Equal(string expected, string actual, string expectedLabel, string actualLabel)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        if (expected == actual)
        {
            return;
        }

        var expectedLines = expected.Split('\n');
        var actualLines = actual.Split('\n');
        var first = 0;
        while (first < expectedLines.Length && first < actualLines.Length && expectedLines[first] == actualLines[first])
        {
            first++;
        }

        var expectedPath = Save(expected, expectedLabel);
        var actualPath = Save(actual, actualLabel);

        var message = new StringBuilder()
            .AppendLine($"Transcripts differ at line {first + 1} ({expectedLabel} vs {actualLabel}).")
            .AppendLine($"--- {expectedLabel}");
        AppendWindow(message, expectedLines, first);
        message.AppendLine($"+++ {actualLabel}");
        AppendWindow(message, actualLines, first);
        message.AppendLine($"Full transcripts: {expectedPath} and {actualPath}");
        throw new XunitException(message.ToString());
    }

    /// <summary>Fails unless <paramref name="transcript"/> contains <paramref name="expected"/>; saves the transcript for reading.</summary>
    public static void Contains(string expected, string transcript, string label)
    {
        ArgumentNullException.ThrowIfNull(transcript);
        if (!transcript.Contains(expected, StringComparison.Ordinal))
        {
            throw new XunitException($"{label} does not contain:\n{expected}\nFull transcript: {Save(transcript, label)}");
        }
    }

    /// <summary>Writes a transcript under the temp directory and returns its path.</summary>
    public static string Save(string transcript, string label)
    {
        ArgumentNullException.ThrowIfNull(transcript);
        var directory = Path.Combine(Path.GetTempPath(), "prosync-testkit", "transcripts");
        Directory.CreateDirectory(directory);
        var stamp = DateTime.UtcNow.ToString("HHmmss-fff", System.Globalization.CultureInfo.InvariantCulture);
        var path = Path.Combine(directory, $"{stamp}-{Sanitise(label ?? "transcript")}.txt");
        File.WriteAllText(path, transcript);
        return path;
    }

    private static void AppendWindow(StringBuilder message, string[] lines, int first)
    {
        for (var i = Math.Max(0, first - Context); i < Math.Min(lines.Length, first + Context + 1); i++)
        {
            message.AppendLine($"{(i == first ? ">" : " ")}{i + 1,5}: {lines[i]}");
        }
    }

    private static string Sanitise(string label)
        => new(label.Select(c => char.IsLetterOrDigit(c) ? c : '-').ToArray());
}

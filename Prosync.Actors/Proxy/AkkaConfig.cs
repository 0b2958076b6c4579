using System.Text.RegularExpressions;
using Akka.Configuration;

namespace Prosync.Actors.Proxy;

/// <summary>
/// The actor system's settings: <c>akka.hocon</c> next to the program (the build copies the repository's file
/// there), else the copy embedded in this assembly, so tests and the bench run on the same settings as the
/// program without copying anything. A file that does not parse is an <see cref="AkkaConfigException"/> that
/// names the file and the line.
/// </summary>
public static partial class AkkaConfig
{
    public const string FileName = "akka.hocon";

    /// <summary>Where the program looks for its settings first.</summary>
    public static string DefaultPath { get; } = Path.Combine(AppContext.BaseDirectory, FileName);

    /// <summary>The file at <paramref name="path"/>; with none, the default file if there is one, else the embedded copy.</summary>
    public static Config Load(string? path = null)
    {
        if (path is null && !File.Exists(DefaultPath))
        {
            using var stream = typeof(AkkaConfig).Assembly.GetManifestResourceStream(FileName)
                ?? throw new InvalidOperationException($"{FileName} is not embedded in {typeof(AkkaConfig).Assembly.GetName().Name}");
            using var reader = new StreamReader(stream);
            return Parse(reader.ReadToEnd(), $"{FileName} (embedded)");
        }
        path ??= DefaultPath;
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AkkaConfigException($"{path}: {e.Message}", e);
        }
        return Parse(text, path);
    }

    /// <summary>Parses <paramref name="text"/>; errors are reported as <c>SOURCE:LINE: what is wrong</c>.</summary>
    public static Config Parse(string text, string source)
    {
        // Akka's parser accepts some broken files silently (an unclosed brace) and loops on others (an unclosed
        // array), so the structure is checked first; its own errors give a character position, turned into a line.
        if (FindUnbalanced(text) is { } problem)
            throw new AkkaConfigException($"{source}:{problem.Line}: {problem.What}");
        try
        {
            return ConfigurationFactory.ParseString(text);
        }
        catch (Exception e) when (e is FormatException or ConfigurationException or NullReferenceException)
        {
            var line = PositionPattern().Match(e.Message) is { Success: true } m
                ? LineOf(text, int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))
                : (int?)null;
            var message = e.Message.Split('\n')[0].Trim();
            throw new AkkaConfigException(line is null ? $"{source}: {message}" : $"{source}:{line}: {message}", e);
        }
    }

    private static int LineOf(string text, int position) =>
        text.AsSpan(0, Math.Clamp(position, 0, text.Length)).Count('\n') + 1;

    /// <summary>The first unclosed or stray brace or bracket, or unterminated string, outside strings and comments.</summary>
    private static (int Line, string What)? FindUnbalanced(string text)
    {
        var open = new Stack<(char Bracket, int Line)>();
        var line = 1;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\n') line++;
            else if (c == '#' || (c == '/' && i + 1 < text.Length && text[i + 1] == '/'))
            {
                while (i + 1 < text.Length && text[i + 1] != '\n') i++;
            }
            else if (c == '"')
            {
                var start = line;
                var triple = string.CompareOrdinal(text, i, "\"\"\"", 0, 3) == 0;
                i += triple ? 3 : 1;
                while (i < text.Length && !(triple ? string.CompareOrdinal(text, i, "\"\"\"", 0, 3) == 0 : text[i] is '"' or '\n'))
                {
                    if (text[i] == '\n') line++;
                    else if (!triple && text[i] == '\\') i++;
                    i++;
                }
                if (i >= text.Length || text[i] == '\n') return (start, "unterminated string");
                if (triple) i += 2;
            }
            else if (c is '{' or '[') open.Push((c, line));
            else if (c is '}' or ']')
            {
                var expected = c == '}' ? '{' : '[';
                if (!open.TryPop(out var top)) return (line, $"'{c}' closes nothing");
                if (top.Bracket != expected) return (line, $"'{c}' does not close the '{top.Bracket}' of line {top.Line}");
            }
        }
        return open.TryPop(out var unclosed) ? (unclosed.Line, $"'{unclosed.Bracket}' is never closed") : null;
    }

    [GeneratedRegex(@"position (\d+)")]
    private static partial Regex PositionPattern();
}

using System.Text.Json;
using System.Text.Json.Serialization;

namespace Prosync.Bench.Report;

/// <summary>Writes each section's results as JSON under the results folder (bench/results by default).</summary>
public sealed class ResultsWriter(string directory)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
    };

    public string Directory { get; } = directory;

    /// <summary>bench/results next to the solution the bench was built from, else ./bench-results.</summary>
    public static string DefaultDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Prosync.sln")))
            {
                return Path.Combine(dir.FullName, "bench", "results");
            }
        }

        return Path.Combine(Environment.CurrentDirectory, "bench-results");
    }

    public string Write(string name, object value)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var path = Path.Combine(Directory, name + ".json");
        File.WriteAllText(path, JsonSerializer.Serialize(value, value.GetType(), Json));
        return path;
    }

    public string PathOf(string file)
    {
        System.IO.Directory.CreateDirectory(Directory);
        return Path.Combine(Directory, file);
    }
}

using Prosync.Actors.Library;
using Prosync.Host.Configuration;

namespace Prosync.Host.Library;

/// <summary>The <c>upload</c> verb's arguments: <c>upload FILE... [--dir DIR] [--proxy HOST:HTTPPORT]</c>.</summary>
public sealed record UploadCommandLine(IReadOnlyList<string> Files, string? Directory, string Proxy)
{
    public const string DefaultProxy = "127.0.0.1:8080";

    public static string Usage { get; } = """
        Usage: Prosync.Host upload FILE... [--dir DIR] [--proxy HOST:HTTPPORT]
           or: dotnet run --project Prosync.Host -- upload FILE... [--dir DIR] [--proxy HOST:HTTPPORT]

        Copies each FILE to every room's music directory (in parallel, checksums verified) through a
        running Prosync; each room's MPD updates, and the command returns when every room's database
        has the file. A room that is down gets it when it comes back.

          --dir DIR               the directory in the library to put the files in (default: the top).
          --proxy HOST:HTTPPORT   the running Prosync's HTTP address (default 127.0.0.1:8080).

        Progress goes to stderr, one result line per room and file to stdout. Exit code 0 when every
        room has every file, 1 when some room does not (yet), 2 for bad usage.

        """;

    /// <exception cref="InvalidSettingsException">No file, an unknown flag, a bad value.</exception>
    public static UploadCommandLine Parse(IReadOnlyList<string> args)
    {
        var files = new List<string>();
        string? directory = null;
        string? proxy = null;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string Value()
            {
                if (i + 1 >= args.Count) throw new InvalidSettingsException($"{arg} needs a value");
                return args[++i];
            }
            switch (arg)
            {
                case "--dir":
                    if (directory is not null) throw new InvalidSettingsException("--dir is given more than once");
                    directory = Value().Trim().Trim('/');
                    if (directory.Length > 0 && !LibraryPath.TryValidate(directory + "/x", out var error))
                        throw new InvalidSettingsException($"--dir '{directory}': {error}");
                    break;
                case "--proxy":
                    if (proxy is not null) throw new InvalidSettingsException("--proxy is given more than once");
                    proxy = HostPort.Parse(Value(), "--proxy").ToString();
                    break;
                case var flag when flag.StartsWith("--", StringComparison.Ordinal):
                    throw new InvalidSettingsException($"unknown option '{flag}' for upload (--dir DIR, --proxy HOST:HTTPPORT)");
                default:
                    files.Add(arg);
                    break;
            }
        }
        if (files.Count == 0) throw new InvalidSettingsException("upload needs at least one FILE");
        foreach (var file in files)
        {
            if (!File.Exists(file)) throw new InvalidSettingsException($"'{file}' is not a file");
        }
        return new UploadCommandLine(files, string.IsNullOrEmpty(directory) ? null : directory, proxy ?? DefaultProxy);
    }

    /// <summary>The file's path in the library: its name, under <see cref="Directory"/>.</summary>
    public string LibraryPathOf(string file)
    {
        var name = Path.GetFileName(file);
        return Directory is null ? name : $"{Directory}/{name}";
    }
}

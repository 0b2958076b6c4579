using Prosync.Actors.Proxy;
using Prosync.Host.Lab;

namespace Prosync.Actors.Tests.Integration;

/// <summary>
/// Real MPD rooms that each serve a music directory of their own (a copy of the lab's library), as rooms on separate
/// machines do, so one can lack a file the others have. Disposed: servers stopped, directories deleted.
/// </summary>
internal sealed class LibraryRooms : IAsyncDisposable
{
    private readonly List<string> _directories;

    private LibraryRooms(MpdProcessGroup servers, List<string> directories)
    {
        Servers = servers;
        _directories = directories;
    }

    public MpdProcessGroup Servers { get; }

    public MpdProcess this[int index] => Servers[index];

    public string MusicDirectory(int room) => _directories[room];

    /// <summary>Starts <paramref name="count"/> rooms (room1…); room <c>i</c> lacks the files <paramref name="lacking"/>(i) names.</summary>
    public static async Task<LibraryRooms> StartAsync(MusicLibrary library, int count, Func<int, IEnumerable<string>> lacking)
    {
        var directories = new List<string>();
        var servers = new List<MpdProcess>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                var directory = Path.Combine(Path.GetTempPath(), "prosync-library-tests", Guid.NewGuid().ToString("N")[..12]);
                directories.Add(directory);
                foreach (var source in Directory.EnumerateFiles(library.RootDirectory, "*", SearchOption.AllDirectories))
                {
                    var relative = Path.GetRelativePath(library.RootDirectory, source).Replace(Path.DirectorySeparatorChar, '/');
                    if (lacking(i).Contains(relative)) continue;
                    var target = Path.Combine(directory, relative);
                    Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                    File.Copy(source, target);
                }
            }
            servers.AddRange(await Task.WhenAll(directories.Select((d, i) => MpdProcess.StartAsync(d, new MpdProcessOptions { Name = $"room{i + 1}" }))));
            return new LibraryRooms(MpdProcessGroup.Wrap(servers), directories);
        }
        catch
        {
            await Task.WhenAll(servers.Select(s => s.DisposeAsync().AsTask()));
            foreach (var d in directories) TryDelete(d);
            throw;
        }
    }

    /// <summary>The proxy's view of the rooms: those in <paramref name="withFileAccess"/> get their music directory.</summary>
    public IReadOnlyList<ServerEndpoint> Endpoints(Func<int, bool> withFileAccess) =>
        Servers.Select((s, i) => new ServerEndpoint(s.Name, s.Host, s.Port) { MusicDirectory = withFileAccess(i) ? _directories[i] : null }).ToList();

    public async ValueTask DisposeAsync()
    {
        await Servers.DisposeAsync();
        foreach (var d in _directories) TryDelete(d);
    }

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // a temp directory
        }
    }
}

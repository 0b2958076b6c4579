namespace Prosync.Actors.Tests.Dashboard;

/// <summary>Where the source tree is, for tests that run scripts kept next to them or write artifacts.</summary>
public static class RepositoryPaths
{
    /// <summary>The directory holding Prosync.sln, found upwards from the test binaries.</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Prosync.sln")))
            {
                return dir.FullName;
            }
        }
        throw new DirectoryNotFoundException($"no Prosync.sln above {AppContext.BaseDirectory}");
    }
}

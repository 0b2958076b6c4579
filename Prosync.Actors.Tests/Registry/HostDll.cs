namespace Prosync.Actors.Tests.Registry;

/// <summary>The built Prosync.Host.dll next to the tests (a project reference copies it with its runtimeconfig), run as a process.</summary>
public static class HostDll
{
    public static string Path { get; } = Locate();

    private static string Locate()
    {
        var here = System.IO.Path.Combine(AppContext.BaseDirectory, "Prosync.Host.dll");
        if (!File.Exists(here) || !File.Exists(System.IO.Path.Combine(AppContext.BaseDirectory, "Prosync.Host.runtimeconfig.json")))
        {
            throw new FileNotFoundException("Prosync.Host.dll with its runtimeconfig is not next to the tests; build the solution");
        }
        return here;
    }
}

namespace Prosync.Host.Registry;

public static class FetchCommand
{
    public static Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken stop)
        => throw new NotImplementedException();
}

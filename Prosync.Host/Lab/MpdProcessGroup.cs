using System.Collections;

namespace Prosync.Host.Lab;

/// <summary>Several <see cref="MpdProcess"/>es started in parallel and disposed together ("room1", "room2", …).</summary>
public sealed class MpdProcessGroup : IReadOnlyList<MpdProcess>, IAsyncDisposable
{
    private readonly MpdProcess[] servers;

    private MpdProcessGroup(MpdProcess[] servers) => this.servers = servers;

    public int Count => servers.Length;

    public MpdProcess this[int index] => servers[index];

    /// <summary>Starts <paramref name="count"/> fresh servers at once; if any fails, the others are stopped.</summary>
    public static async Task<MpdProcessGroup> StartAsync(MusicLibrary library, int count, string namePrefix = "room", MpdProcessOptions? options = null)
    {
        var starts = Enumerable.Range(1, count)
            .Select(i => MpdProcess.StartAsync(library, (options ?? new MpdProcessOptions()) with { Name = $"{namePrefix}{i}" }))
            .ToArray();
        try
        {
            return new MpdProcessGroup(await Task.WhenAll(starts).ConfigureAwait(false));
        }
        catch
        {
            await Task.WhenAll(starts.Where(s => s.IsCompletedSuccessfully).Select(s => s.Result.DisposeAsync().AsTask())).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>A contiguous part of the group, e.g. the servers that go behind the proxy.</summary>
    public MpdProcess[] Slice(int start, int length) => servers[start..(start + length)];

    public IEnumerator<MpdProcess> GetEnumerator() => ((IEnumerable<MpdProcess>)servers).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public async ValueTask DisposeAsync()
        => await Task.WhenAll(servers.Select(s => s.DisposeAsync().AsTask())).ConfigureAwait(false);
}

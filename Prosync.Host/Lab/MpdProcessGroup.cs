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
    public static Task<MpdProcessGroup> StartAsync(MusicLibrary library, int count, string namePrefix = "room", MpdProcessOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(library);
        return StartAsync(library.RootDirectory, Enumerable.Range(1, count).Select(i => $"{namePrefix}{i}").ToArray(), options);
    }

    /// <summary>Starts one fresh server per name, serving <paramref name="musicDirectory"/>, at once; if any fails, the others are stopped.</summary>
    public static async Task<MpdProcessGroup> StartAsync(string musicDirectory, IReadOnlyList<string> names, MpdProcessOptions? options = null,
        CancellationToken ct = default)
    {
        var starts = names
            .Select(name => MpdProcess.StartAsync(musicDirectory, (options ?? new MpdProcessOptions()) with { Name = name }, ct))
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

    /// <summary>Servers started elsewhere (e.g. each with options of its own), disposed together from now on.</summary>
    public static MpdProcessGroup Wrap(IReadOnlyList<MpdProcess> servers) => new([.. servers]);

    /// <summary>A contiguous part of the group, e.g. the servers that go behind the proxy.</summary>
    public MpdProcess[] Slice(int start, int length) => servers[start..(start + length)];

    public IEnumerator<MpdProcess> GetEnumerator() => ((IEnumerable<MpdProcess>)servers).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public async ValueTask DisposeAsync()
        => await Task.WhenAll(servers.Select(s => s.DisposeAsync().AsTask())).ConfigureAwait(false);
}

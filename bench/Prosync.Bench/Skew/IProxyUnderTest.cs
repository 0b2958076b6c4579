using Prosync.Actors.Cluster;
using Prosync.Bench.Measure;

namespace Prosync.Bench.Skew;

/// <summary>What the command loop talks to: a proxy in this process (with its status), a child process, or the rooms directly.</summary>
public interface IProxyUnderTest : IAsyncDisposable
{
    /// <summary>A new client connection (or, for the direct floor, a set of them).</summary>
    ICommandChannel Connect();

    /// <summary>The proxy's log of its latest timed broadcast, when it exposes one.</summary>
    Task<BroadcastRecord?> LatestBroadcastAsync();
}

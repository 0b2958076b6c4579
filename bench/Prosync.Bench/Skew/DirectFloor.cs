using Prosync.Actors.Cluster;
using Prosync.Bench.Lab;
using Prosync.Bench.Measure;

namespace Prosync.Bench.Skew;

/// <summary>The "floor" row: commands written straight to every room (see <see cref="DirectBroadcast"/>).</summary>
public sealed class DirectFloor(BenchLab lab) : IProxyUnderTest
{
    public ICommandChannel Connect() => new DirectBroadcast(lab.Servers.Select(s => MpdClient.Connect(s.Host, s.Port)).ToArray());

    public Task<BroadcastRecord?> LatestBroadcastAsync() => Task.FromResult<BroadcastRecord?>(null);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

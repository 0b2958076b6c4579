using Prosync.Host.Lab;

namespace Prosync.Actors.Tests.TestKit;

/// <summary>The lab's shared <see cref="MusicLibrary"/> as an xunit fixture, built once per machine and run.</summary>
public sealed class MusicFixture : MusicLibrary, IAsyncLifetime
{
    public Task DisposeAsync() => Task.CompletedTask;
}

namespace Prosync.Actors.Tests.TestKit;

/// <summary>
/// The xunit collection of tests that start real mpd processes: they share one <see cref="MusicFixture"/>
/// and run one after another (each test already runs its servers and clients in parallel; two such tests
/// at once on a 2-core machine only make real-time playback and idle timing noisier).
/// </summary>
[CollectionDefinition(Name)]
public sealed class RealMpdCollection : ICollectionFixture<MusicFixture>
{
    public const string Name = "Real MPD servers";
}

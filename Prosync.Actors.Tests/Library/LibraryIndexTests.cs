using Prosync.Actors.Library;

namespace Prosync.Actors.Tests.Library;

public sealed class LibraryIndexTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 6, 0, 0, 0, TimeSpan.Zero);

    private static LibraryIndex Index(params (string Room, (string Path, long? Ms)[] Songs)[] rooms)
    {
        var index = new LibraryIndex();
        foreach (var (room, songs) in rooms) index.Update(room, songs.Select(s => new LibrarySong(s.Path, s.Ms)), At);
        return index;
    }

    [Fact]
    public void A_room_misses_what_any_other_room_has_and_nothing_it_has_itself()
    {
        var index = Index(("a", [("x.flac", 1000), ("y.flac", 2000)]), ("b", [("x.flac", 1000)]), ("c", [("z.flac", 5)]));
        Assert.Equal(["x.flac", "y.flac"], index.Missing("c"));
        Assert.Equal(["y.flac", "z.flac"], index.Missing("b"));
        Assert.Equal(["z.flac"], index.Missing("a"));
        Assert.Equal(["a", "b"], index.Holders("x.flac"));
        Assert.Equal(3, index.Count("a") + index.Count("c"));
        Assert.Equal(At, index.LastCheck("a"));
    }

    [Fact]
    public void A_room_never_listed_misses_nothing_and_is_no_holder()
    {
        var index = Index(("a", [("x.flac", 1000)]));
        Assert.Empty(index.Missing("b"));
        Assert.False(index.IsListed("b"));
        Assert.Null(index.LastCheck("b"));
        Assert.Empty(index.Missing("a"));
    }

    [Fact]
    public void The_same_path_with_another_duration_is_reported_as_different_not_missing()
    {
        var index = Index(("a", [("x.flac", 1000)]), ("b", [("x.flac", 2500)]), ("c", [("x.flac", 1001)]));
        Assert.Empty(index.Missing("b"));
        Assert.Equal(["x.flac"], index.Different("b"));
        Assert.Equal(["x.flac"], index.Different("a")); // a and c agree within a millisecond, but b differs from a
        Assert.Equal(["x.flac"], index.Different("c"));
    }

    [Fact]
    public void A_new_listing_replaces_the_old_and_a_copied_file_counts_until_then()
    {
        var index = Index(("a", [("x.flac", 1000)]), ("b", []));
        index.Add("b", new LibrarySong("x.flac", null));
        Assert.Empty(index.Missing("b"));
        index.Update("b", [], At.AddMinutes(1));
        Assert.Equal(["x.flac"], index.Missing("b"));
        index.Remove("a");
        Assert.Empty(index.Missing("b"));
    }

    [Fact]
    public void Listings_are_parsed_per_file_with_mpds_duration_and_directories_and_playlists_skipped()
    {
        var pairs = new[]
        {
            new KeyValuePair<string, string>("directory", "A"),
            new("Last-Modified", "2026-01-01T00:00:00Z"),
            new("file", "A/one.flac"),
            new("Last-Modified", "2026-01-01T00:00:00Z"),
            new("Time", "20"),
            new("duration", "20.125"),
            new("Title", "One"),
            new("playlist", "A/list.m3u"),
            new("file", "A/two.flac"),
            new("Time", "3"),
            new("file", "A/three.flac"),
        };
        Assert.Equal([new LibrarySong("A/one.flac", 20125), new LibrarySong("A/two.flac", 3000), new LibrarySong("A/three.flac", null)],
            LibrarySong.Parse(pairs));
    }
}

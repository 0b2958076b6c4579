using Prosync.Actors.Protocol;

namespace Prosync.Actors.Library;

/// <summary>
/// A song as a room's MPD lists it, reduced to what is compared between rooms: the path and the duration MPD decoded.
/// <c>Last-Modified</c> is left out on purpose: each room's copy has its own file time, so it says nothing about the content.
/// </summary>
/// <param name="DurationMs">MPD's <c>duration</c> in whole milliseconds (null when MPD reports none).</param>
public sealed record LibrarySong(string Path, long? DurationMs)
{
    /// <summary>The songs of a <c>listallinfo</c> (or <c>find</c>) reply: one per <c>file:</c> line, with the lines that follow it.</summary>
    public static IReadOnlyList<LibrarySong> Parse(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        var songs = new List<LibrarySong>();
        string? file = null;
        long? duration = null;
        foreach (var (key, value) in pairs)
        {
            switch (key)
            {
                case "file":
                    if (file is not null) songs.Add(new LibrarySong(file, duration));
                    (file, duration) = (value, null);
                    break;
                case "directory" or "playlist":
                    if (file is not null) songs.Add(new LibrarySong(file, duration));
                    (file, duration) = (null, null);
                    break;
                case "duration" when file is not null:
                    duration = (long)Math.Round(MpdValue.Double(value) * 1000);
                    break;
                case "Time" when file is not null && duration is null:
                    duration = (long)Math.Round(MpdValue.Double(value) * 1000);
                    break;
            }
        }
        if (file is not null) songs.Add(new LibrarySong(file, duration));
        return songs;
    }
}

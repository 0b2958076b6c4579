using Prosync.Actors.Protocol;

namespace Prosync.Actors.Library;

/// <summary>
/// Pure: for a state change that takes songs from the library, the read that lists, on one room, the files it would
/// take there. Run on every room before the change, it shows which rooms lack a file the others would add.
/// </summary>
/// <remarks>
/// <c>add</c>/<c>addid</c> name a file or a directory (<c>listall</c> lists either); <c>findadd</c>/<c>searchadd</c>
/// pick by tags, so the same filter through <c>find</c>/<c>search</c> lists what each room would add (and
/// <c>searchaddpl</c> to a stored playlist); <c>playlistadd</c> names a file for a stored playlist. <c>load</c> names a stored playlist (<see cref="PlaylistFor"/>): MPD loads it
/// skipping, silently, the songs its database lacks, so its songs are listed first, then looked up.
/// </remarks>
public static class FileLookup
{
    /// <summary>The listing command line, or null when the request takes no file from the library.</summary>
    public static string? QueryFor(MpdRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var args = request.Args;
        switch (request.Command)
        {
            case "add" or "addid" when args.Count >= 1 && !LibraryPath.IsRemoteUri(args[0]):
                return new MpdRequest("listall", [args[0]]).ToLine();
            case "playlistadd" when args.Count >= 2 && !LibraryPath.IsRemoteUri(args[1]):
                return new MpdRequest("listall", [args[1]]).ToLine();
            case "findadd" or "searchadd" when args.Count >= 1:
                return new MpdRequest(request.Command == "findadd" ? "find" : "search", WithoutPosition(args)).ToLine();
            case "searchaddpl" when args.Count >= 2:
                return new MpdRequest("search", WithoutPosition(args.Skip(1).ToList())).ToLine();
            default:
                return null;
        }
    }

    /// <summary>The stored playlist a <c>load</c> takes its songs from, or null.</summary>
    public static string? PlaylistFor(MpdRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request is { Command: "load", Args.Count: >= 1 } ? request.Args[0] : null;
    }

    /// <summary><c>position POS</c> places the songs in the queue; <c>find</c>/<c>search</c> do not take it.</summary>
    private static List<string> WithoutPosition(IReadOnlyList<string> args)
    {
        var kept = new List<string>(args.Count);
        for (var i = 0; i < args.Count; i++)
        {
            if (i > 0 && args[i] == "position" && i + 1 < args.Count)
            {
                i++;
                continue;
            }
            kept.Add(args[i]);
        }
        return kept;
    }
}

namespace Prosync.Actors.Library;

/// <summary>How an <c>update</c> of one file ended (<see cref="MpdDatabase.UpdateAsync"/>).</summary>
public enum DatabaseUpdateResult
{
    /// <summary>MPD's database has the file.</summary>
    InDatabase,

    /// <summary>MPD answered the <c>update</c> with an error other than "already updating".</summary>
    Refused,

    /// <summary>MPD finished updating without adding the file: not audio it can read. Asking again will not help.</summary>
    NotTaken,

    /// <summary>Not in the database within the time allowed; MPD may still be busy.</summary>
    TimedOut,
}

namespace Prosync.Actors.Protocol;

/// <summary>Outcome of <see cref="RequestLineReader.TryReadLine"/> when it returns <see langword="true"/>.</summary>
public enum LineStatus
{
    /// <summary>A whole line was read and consumed.</summary>
    Line,

    /// <summary>
    /// At least <see cref="RequestLineReader.MaxLineBytes"/> bytes are buffered without a newline among them.
    /// MPD's 8192-byte input buffer is then full and it drops the connection without a reply; the caller should too.
    /// </summary>
    TooLong,
}

namespace Prosync.Actors.Protocol;

/// <summary>
/// Thrown by the response reader when a server sends bytes that cannot be MPD output (a broken <c>binary:</c> frame,
/// an unparsable <c>ACK</c>, a greeting in the middle of the stream). The stream is out of step and cannot be
/// resynchronised, so the owner of the connection should drop it and reconnect.
/// </summary>
public sealed class MpdProtocolException : Exception
{
    /// <summary>Creates the exception with a description of what was wrong.</summary>
    public MpdProtocolException(string message) : base(message) { }

    /// <summary>Creates the exception with a description and the underlying cause.</summary>
    public MpdProtocolException(string message, Exception innerException) : base(message, innerException) { }
}

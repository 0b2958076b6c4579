namespace Prosync.Actors.Clients;

/// <summary>One request line from the client, trailing whitespace stripped.</summary>
internal sealed record ClientLine(string Line);

/// <summary>The client sent a line longer than MPD's input buffer.</summary>
internal sealed record ClientLineTooLong
{
    public static readonly ClientLineTooLong Instance = new();
}

/// <summary>The client closed the connection, or it broke.</summary>
internal sealed record ClientDisconnected(Exception? Reason);

namespace Prosync.Actors.Protocol;

/// <summary>How the proxy handles a client command (see the routing table in DESIGN.md).</summary>
public enum CommandRoute
{
    /// <summary>
    /// A change the listener hears at once (play, pause, seek, volume, outputs, playback options): sent to every InSync
    /// server at compensated instants so it takes effect at the same moment in every room; the reply is the primary's.
    /// </summary>
    BroadcastTimed,

    /// <summary>
    /// A state change that must reach every server, in the same order, but is not heard at an instant (queue and stored
    /// playlist edits, database updates); song ids in the arguments are translated per server.
    /// </summary>
    Broadcast,

    /// <summary>
    /// A change whose outcome differs per server (shuffle uses each server's own RNG): run it on the primary, then
    /// copy the resulting order to the others.
    /// </summary>
    PrimaryThenReplicate,

    /// <summary>A query: answered by one replica (by policy, sticky per session); per-server values are translated.</summary>
    Read,

    /// <summary>
    /// Per-connection state or framing that the client session implements itself (ping, close, idle, noidle,
    /// password, tagtypes, binarylimit, command lists, client-to-client messages); connection state is replayed on the
    /// backend connections the session uses.
    /// </summary>
    Local,

    /// <summary>
    /// Never forwarded: it would act on one server only or break the cluster (kill, partitions, config), or the
    /// command is unknown.
    /// </summary>
    Refused,
}

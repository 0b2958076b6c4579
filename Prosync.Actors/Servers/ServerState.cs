namespace Prosync.Actors.Servers;

/// <summary>Where a server stands with respect to the cluster.</summary>
public enum ServerState
{
    /// <summary>Opening its connections.</summary>
    Connecting,

    /// <summary>Connected, being brought to the cluster's state; not yet used.</summary>
    Syncing,

    /// <summary>Matches the cluster; included in broadcasts and reads.</summary>
    InSync,

    /// <summary>Lost; its parent restarts it with backoff.</summary>
    Down,
}

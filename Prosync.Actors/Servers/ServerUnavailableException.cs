namespace Prosync.Actors.Servers;

/// <summary>Thrown by a <see cref="ServerActor"/> to hand itself to its supervisor for a restart with backoff.</summary>
public sealed class ServerUnavailableException(string message, Exception inner) : Exception(message, inner);

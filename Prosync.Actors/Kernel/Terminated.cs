namespace Prosync.Actors.Kernel;

/// <summary>Delivered (as a user message) exactly once to each watcher of <paramref name="Actor"/> when it stops.</summary>
public sealed record Terminated(IActorRef Actor);

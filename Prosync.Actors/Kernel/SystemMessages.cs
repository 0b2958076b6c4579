namespace Prosync.Actors.Kernel;

/// <summary>Kernel control messages. They jump ahead of user messages and are handled even while the actor
/// is suspended after a failure.</summary>
internal abstract record SystemMessage;

/// <summary>First message of every cell: instantiate the actor and run PreStart.</summary>
internal sealed record Create : SystemMessage { public static readonly Create Instance = new(); }

/// <summary>Stop: children first, then PostStop, then notify watchers and parent.</summary>
internal sealed record Terminate : SystemMessage { public static readonly Terminate Instance = new(); }

internal sealed record Watch(IInternalActorRef Watchee, IInternalActorRef Watcher) : SystemMessage;

internal sealed record Unwatch(IInternalActorRef Watchee, IInternalActorRef Watcher) : SystemMessage;

/// <summary>Sent by a stopped actor to its watchers and its parent.</summary>
internal sealed record DeathWatchNotification(IActorRef Actor) : SystemMessage;

/// <summary>Child → parent: "I failed with <paramref name="Cause"/> and am suspended; decide."</summary>
internal sealed record Failed(ActorCell Child, Exception Cause) : SystemMessage;

/// <summary>Parent → failed child: drop the failing message and continue.</summary>
internal sealed record Resume : SystemMessage { public static readonly Resume Instance = new(); }

/// <summary>Parent → failed child: restart, after <paramref name="Delay"/> (backoff) if positive.</summary>
internal sealed record Recreate(Exception Cause, TimeSpan Delay) : SystemMessage;

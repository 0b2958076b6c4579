using Serilog;

namespace Prosync.Actors.Kernel;

/// <summary>Hosts a tree of actors under "/user". Dispose (or <see cref="Terminate"/>) to stop them all.</summary>
public sealed class ActorSystem : IAsyncDisposable
{
    private readonly ActorCell _guardian;
    private int _terminateRequested;

    private ActorSystem(string name, TimeProvider time, ILogger log)
    {
        Name = name;
        Time = time;
        Log = log.ForContext("ActorSystem", name);
        DeadLetterRef = new DeadLetterActorRef(Log);
        _guardian = new ActorCell(this, Props.Create(() => new GuardianActor()), parent: null, "user");
        _guardian.Start();
    }

    /// <param name="time">Clock for timers, backoff and Ask timeouts; <see cref="TimeProvider.System"/> if null.</param>
    /// <param name="log">Logger for the kernel and actors; <see cref="Serilog.Log.Logger"/> (as of now) if null.</param>
    public static ActorSystem Create(string name, TimeProvider? time = null, ILogger? log = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return new ActorSystem(name, time ?? TimeProvider.System, log ?? Serilog.Log.Logger);
    }

    public string Name { get; }
    public TimeProvider Time { get; }
    public IActorRef DeadLetters => DeadLetterRef;

    /// <summary>Completes when every actor has stopped (after <see cref="Terminate"/>).</summary>
    public Task WhenTerminated => _guardian.WhenStopped;

    internal ILogger Log { get; }
    internal DeadLetterActorRef DeadLetterRef { get; }

    /// <summary>Creates a top-level actor under "/user". Throws if the name is taken or the system is terminating.</summary>
    public IActorRef ActorOf(Props props, string? name = null) => _guardian.ActorOf(props, name);

    /// <summary>Asynchronous stop, as <see cref="IActorContext.Stop"/>.</summary>
    public void Stop(IActorRef actor) => _guardian.Stop(actor);

    /// <summary>Stops all actors, children before parents, each after its current message. Idempotent;
    /// the task completes when every PostStop has run.</summary>
    public Task Terminate()
    {
        if (Interlocked.Exchange(ref _terminateRequested, 1) == 0)
        {
            Log.Debug("Terminating actor system {ActorSystem}", Name);
            _guardian.Self.SendSystem(Kernel.Terminate.Instance);
        }
        return WhenTerminated;
    }

    public ValueTask DisposeAsync() => new(Terminate());

    public override string ToString() => Name;
}

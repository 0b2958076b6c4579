using System.Diagnostics;
using System.Threading.Channels;
using Prosync.Actors.Kernel;
using Xunit.Sdk;

namespace Prosync.Actors.Tests.TestKit;

/// <summary>
/// An actor that records every message it receives (with its sender), plus assertions that await them.
/// Waits use real time (messages arrive asynchronously); actor timers should use a <see cref="ManualTimeProvider"/>.
/// </summary>
public sealed class TestProbe : IAsyncDisposable
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(3);

    private static int s_counter;
    private readonly ActorSystem _system;
    private readonly Channel<(object Message, IActorRef Sender)> _received =
        Channel.CreateUnbounded<(object Message, IActorRef Sender)>();

    public TestProbe(ActorSystem system, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(system);
        _system = system;
        Ref = system.ActorOf(
            Props.Create(() => new ProbeActor(_received.Writer)),
            name ?? "testProbe-" + Interlocked.Increment(ref s_counter));
    }

    /// <summary>The recording actor.</summary>
    public IActorRef Ref { get; }

    /// <summary>Sender of the last message taken by an Expect/Fish call; Nobody before that.</summary>
    public IActorRef LastSender { get; private set; } = ActorRefs.Nobody;

    public Task<T> ExpectMsgAsync<T>(TimeSpan? timeout = null) => ExpectMsgAsync<T>(static _ => true, timeout);

    /// <summary>Takes the next message; fails if it is not a <typeparamref name="T"/> matching <paramref name="predicate"/>.</summary>
    public async Task<T> ExpectMsgAsync<T>(Func<T, bool> predicate, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        var message = await NextAsync(timeout ?? DefaultTimeout, $"a {typeof(T).Name}");
        if (message is not T typed)
            throw new XunitException($"{Ref.Path} expected a {Name(typeof(T))} but got {Describe(message)}.");
        if (!predicate(typed))
            throw new XunitException($"{Ref.Path} got {Describe(message)}, which does not match the predicate.");
        return typed;
    }

    /// <summary>Expects a message equal to <paramref name="expected"/>.</summary>
    public Task<T> ExpectMsgAsync<T>(T expected, TimeSpan? timeout = null) where T : notnull =>
        ExpectMsgAsync<T>(m => Equals(m, expected), timeout);

    public Task<Terminated> ExpectTerminatedAsync(IActorRef actor, TimeSpan? timeout = null) =>
        ExpectMsgAsync<Terminated>(t => t.Actor.Equals(actor), timeout);

    /// <summary>Fails if a message is already queued or arrives within <paramref name="duration"/> (real time).</summary>
    public async Task ExpectNoMsgAsync(TimeSpan duration)
    {
        if (_received.Reader.TryPeek(out var already))
            throw new XunitException($"{Ref.Path} expected no message but had {Describe(already.Message)}.");
        using var cts = new CancellationTokenSource(duration);
        try
        {
            if (await _received.Reader.WaitToReadAsync(cts.Token) && _received.Reader.TryPeek(out var unexpected))
                throw new XunitException($"{Ref.Path} expected no message for {duration} but got {Describe(unexpected.Message)}.");
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
        }
    }

    /// <summary>Skips messages until one is a <typeparamref name="T"/> matching <paramref name="predicate"/>.</summary>
    public async Task<T> FishForMessageAsync<T>(Func<T, bool> predicate, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        var limit = timeout ?? DefaultTimeout;
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var remaining = limit - clock.Elapsed;
            if (remaining <= TimeSpan.Zero)
                throw new TimeoutException($"{Ref.Path} timed out after {limit} fishing for a matching {typeof(T).Name}.");
            var message = await NextAsync(remaining, $"a matching {typeof(T).Name}");
            if (message is T typed && predicate(typed))
                return typed;
        }
    }

    /// <summary>The probe watches <paramref name="actor"/>: <see cref="Terminated"/> arrives when it stops.</summary>
    public void Watch(IActorRef actor) => Ref.Tell(new WatchCommand(actor, Watch: true), ActorRefs.Nobody);

    public void Unwatch(IActorRef actor) => Ref.Tell(new WatchCommand(actor, Watch: false), ActorRefs.Nobody);

    /// <summary>Tells <paramref name="target"/> with the probe as sender.</summary>
    public void Send(IActorRef target, object message) => target.Tell(message, Ref);

    public ValueTask DisposeAsync()
    {
        _system.Stop(Ref);
        return ValueTask.CompletedTask;
    }

    private async Task<object> NextAsync(TimeSpan timeout, string what)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            var (message, sender) = await _received.Reader.ReadAsync(cts.Token);
            LastSender = sender;
            return message;
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            throw new TimeoutException($"{Ref.Path} timed out after {timeout} waiting for {what}.");
        }
    }

    private static string Describe(object message) => $"{Name(message.GetType())} ({message})";

    private static string Name(Type type) => type.IsGenericType
        ? $"{type.Name[..type.Name.IndexOf('`')]}<{string.Join(", ", type.GetGenericArguments().Select(Name))}>"
        : type.Name;

    private sealed record WatchCommand(IActorRef Subject, bool Watch);

    private sealed class ProbeActor(ChannelWriter<(object, IActorRef)> received) : Actor
    {
        protected internal override Task ReceiveAsync(object message)
        {
            switch (message)
            {
                case WatchCommand { Watch: true } command: Context.Watch(command.Subject); break;
                case WatchCommand command: Context.Unwatch(command.Subject); break;
                default: received.TryWrite((message, Sender)); break;
            }
            return Task.CompletedTask;
        }
    }
}

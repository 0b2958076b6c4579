using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Akka.Event;

namespace Prosync.Actors.Clients;

/// <summary>
/// Accepts MPD clients and gives each its own <see cref="ClientSessionActor"/> child. A session that
/// fails is stopped (its socket cannot be rebuilt), so one bad client never affects the others.
/// </summary>
public sealed class ClientListenerActor : UntypedActor
{
    private readonly TcpListener _listener;
    private readonly IActorRef _cluster;
    private readonly CancellationTokenSource _stopping = new();
    private int _sessions;

    private readonly TimeSpan _clientTimeout;

    public ClientListenerActor(TcpListener listener, IActorRef cluster, TimeSpan clientTimeout)
    {
        _listener = listener;
        _cluster = cluster;
        _clientTimeout = clientTimeout;
    }

    /// <summary>The listener is already bound (so the caller knows the port); this actor owns it from now on.</summary>
    public static Props Props(TcpListener listener, IActorRef cluster, TimeSpan clientTimeout) =>
        Akka.Actor.Props.Create(() => new ClientListenerActor(listener, cluster, clientTimeout));

    protected override SupervisorStrategy SupervisorStrategy() => Akka.Actor.SupervisorStrategy.StoppingStrategy;

    private ILoggingAdapter Log { get; } = Context.GetLogger();

    protected override void PreStart()
    {
        var self = Self;
        _ = Task.Run(async () =>
        {
            while (!_stopping.IsCancellationRequested)
            {
                try
                {
                    self.Tell(new ClientAccepted(await _listener.AcceptSocketAsync(_stopping.Token)));
                }
                catch (OperationCanceledException) { return; }
                catch (ObjectDisposedException) { return; }
                catch (SocketException ex)
                {
                    Log.Warning(ex, "Accepting a client failed");
                }
            }
        });
    }

    protected override void PostStop()
    {
        _stopping.Cancel();
        _listener.Stop();
    }

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case ClientAccepted accepted:
                var remote = accepted.Socket.RemoteEndPoint as IPEndPoint;
                Log.Debug("Client connected from {Client}", remote);
                var session = Context.ActorOf(ClientSessionActor.Props(accepted.Socket, _cluster, _clientTimeout), $"client-{++_sessions}");
                Context.Watch(session);
                break;
            case Terminated:
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private sealed record ClientAccepted(Socket Socket);
}

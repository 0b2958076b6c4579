using Akka.Actor;
using Prosync.Actors.Latency;

namespace Prosync.Actors.Servers;

/// <summary>
/// Latency measurement: MPD <c>status</c> round trips (each also a position reading) on a connection of their own (never queued
/// behind client commands), fed to the estimator and reported to the cluster. A probe left unanswered
/// for <see cref="ServerOptions.ProbeTimeout"/> means the server is gone.
/// </summary>
public sealed partial class ServerActor
{
    private readonly Queue<long> _probesInFlight = new();
    private ILatencyEstimator? _estimator;
    private MpdConnection? _probe;

    private ILatencyEstimator Estimator => _estimator ??= LatencyEstimators.Create(_options.Estimator, _options.EstimatorOptions);

    private void StartProbing(MpdConnection probe)
    {
        _probe = probe;
        ScheduleProbe();
        SendProbe(replyTo: null, tag: 0);
    }

    /// <summary>
    /// The next probe, ±15 % around the interval: MPD's position moves in output-chunk steps, and probes locked in
    /// phase with them would see the same point of every step; dithered, they sample every point of it.
    /// </summary>
    private void ScheduleProbe() => Timers.StartSingleTimer("probe", ProbeTick.Instance,
        _options.ProbeInterval * (0.85 + (0.3 * Random.Shared.NextDouble())));

    private void OnProbeTick()
    {
        ScheduleProbe();
        // A reply already sitting unread in our socket means the server answered and this process is the slow one.
        if (_probesInFlight.TryPeek(out var oldest)
            && Clock.GetElapsedTime(oldest) > _options.ProbeTimeout
            && _probe is { HasUnreadInput: false })
        {
            Fail("probe timeout", new TimeoutException($"no reply to ping within {_options.ProbeTimeout.TotalMilliseconds:0} ms"));
            return;
        }
        SendProbe(replyTo: null, tag: 0);
    }

    private void SendProbe(IActorRef? replyTo, long tag)
    {
        if (_probe is null)
        {
            replyTo?.Tell(new ProbeResult(tag, Name, double.NaN));
            return;
        }
        var sent = _probe.SendTimedAsync("status");
        _probesInFlight.Enqueue(Clock.GetTimestamp());
        sent.PipeTo(Self,
            success: response => Stamped(new ProbeReturned(response, replyTo, tag)),
            failure: e => Stamped(new ServerConnectionLost(e)));
    }

    private void OnProbeReturned(ProbeReturned returned)
    {
        _probesInFlight.TryDequeue(out _);
        var time = Clock;
        var rtt = time.GetElapsedTime(returned.Response.SentAt, returned.Response.ReceivedAt);
        Estimator.Add(new LatencySample(time.GetElapsedTime(0, returned.Response.SentAt), rtt));
        var estimate = Estimator.Current;
        returned.ReplyTo?.Tell(new ProbeResult(returned.Tag, Name, rtt.TotalMilliseconds));
        _cluster.Tell(new LatencyUpdated(Name, estimate, rtt.TotalMilliseconds));
        OnPositionRead(returned.Response, rtt.TotalMilliseconds);
    }
}

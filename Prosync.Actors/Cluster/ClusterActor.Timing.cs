using Akka.Actor;
using Prosync.Actors.Latency;
using Prosync.Actors.Protocol;
using Prosync.Actors.Rooms;
using Prosync.Actors.Scheduling;
using Prosync.Actors.Servers;

namespace Prosync.Actors.Cluster;

/// <summary>
/// Timed broadcasts: every copy of a play/pause/seek/volume/option change reaches its room at one
/// instant. The pre-send probe first checks each path for a delay burst and holds the broadcast
/// (bounded) while one lasts; then the planner delays each copy by its path's difference from the slowest.
/// </summary>
public sealed partial class ClusterActor
{
    private BurstDetector? _burstDetector;

    private BurstDetector Bursts => _burstDetector ??= new BurstDetector(_options.Burst);

    private void OnLatencyUpdated(LatencyUpdated update)
    {
        if (_servers.TryGetValue(update.Server, out var entry)) entry.Latency = update;
    }

    /// <summary>Song ids become queue positions (the same on every in-sync server), so no per-server round trip precedes a timed send.</summary>
    private static MpdRequest ToPositionForm(MpdRequest request, IReadOnlyList<int> positions) => request.Command switch
    {
        "playid" when positions.Count == 1 => new MpdRequest("play", [positions[0].ToString(System.Globalization.CultureInfo.InvariantCulture)]),
        "seekid" when positions.Count == 1 => new MpdRequest("seek", [positions[0].ToString(System.Globalization.CultureInfo.InvariantCulture), .. request.Args.Skip(1)]),
        _ => request,
    };

    private void BeginTimed(WriteOperation op)
    {
        if (op.Targets.Count == 1) SendToAll(op, positions: null);
        else if (_options.PreSendProbe && _options.Timing == TimingMode.Compensated)
        {
            op.ProbingSince = Clock.GetTimestamp();
            StartProbeRound(op, ProbeWindow(op));
        }
        else FireTimed(op);
    }

    /// <summary>
    /// How long the broadcast has waited for its pre-send probes, rounds and holds together: the burst detector's
    /// budget bounds all of it, since with many rooms the rounds' own windows (the slowest path's lateness threshold)
    /// add up to more than the holds (64 rooms: 100 ms held cost 300-400 ms of command latency when only holds counted).
    /// </summary>
    private TimeSpan WaitedForProbes(WriteOperation op) => Clock.GetElapsedTime(op.ProbingSince);

    private void StartProbeRound(WriteOperation op, TimeSpan window)
    {
        op.Step = WriteOperation.Phase.Probing;
        op.ProbeTag = ++_nextTag;
        op.Probes.Clear();
        AwaitFrom(op, op.Targets);
        foreach (var name in op.Targets) _servers[name].Actor.Tell(new ProbeNow(op.ProbeTag, Self));
        // Not past what is left of the budget either (the first round's window may be longer), after which the
        // broadcast goes regardless.
        var left = Bursts.Options.MaxHold - WaitedForProbes(op);
        var wait = TimeSpan.FromTicks(Math.Max(0, Math.Min(window.Ticks, left.Ticks)));
        Timers.StartSingleTimer("probe", new ProbeWindowEnded(op.ProbeTag), wait + TimeSpan.FromMilliseconds(1));
    }

    private void OnProbeResult(ProbeResult result)
    {
        if (_inFlight is not { Step: WriteOperation.Phase.Probing } op || op.ProbeTag != result.Tag
            || !op.Awaiting.Remove(result.Server)) return;
        op.Probes[result.Server] = result;
        if (op.Awaiting.Count == 0) AssessProbes(op);
    }

    private void OnProbeWindowEnded(ProbeWindowEnded ended)
    {
        if (_inFlight is { Step: WriteOperation.Phase.Probing } op && op.ProbeTag == ended.ProbeTag) AssessProbes(op);
    }

    private void AssessProbes(WriteOperation op)
    {
        Timers.Cancel("probe");
        var hold = TimeSpan.Zero;
        var round = op.Targets.Select(name => (Estimate: EstimateOf(name), Rtt: op.Probes.TryGetValue(name, out var probe) && double.IsFinite(probe.RttMs)
            ? TimeSpan.FromMilliseconds(probe.RttMs) : (TimeSpan?)null)).ToList();
        var shared = BurstDetector.SharedExcessMs(round, Bursts.Options.MaxSharedExcessMs);
        var waited = WaitedForProbes(op); // one budget for the whole round
        foreach (var (estimate, rtt) in round)
        {
            var decision = Bursts.Assess(estimate, rtt, waited, shared);
            if (decision.Verdict == BurstVerdict.Hold && decision.HoldFor > hold) hold = decision.HoldFor;
        }
        if (hold <= TimeSpan.Zero)
        {
            FireTimed(op);
            return;
        }
        op.Step = WriteOperation.Phase.Holding;
        op.HeldSoFar += hold;
        Timers.StartSingleTimer("probe", new HoldEnded(op.Tag), hold);
    }

    private void OnHoldEnded(HoldEnded ended)
    {
        if (Current(ended.Tag) is not { Step: WriteOperation.Phase.Holding } op) return;
        // A round that cannot end before the budget does could only give up: send now.
        var window = ProbeWindow(op);
        if (Bursts.Options.MaxHold - WaitedForProbes(op) < window) FireTimed(op);
        else StartProbeRound(op, window);
    }

    /// <summary>How long a round waits for its probes: a probe not back by its path's lateness threshold is late already.</summary>
    private TimeSpan ProbeWindow(WriteOperation op) => op.Targets.Select(t => Bursts.LateAfter(EstimateOf(t)) ?? TimeSpan.Zero).Max();

    private void FireTimed(WriteOperation op)
    {
        var time = Clock;
        var paths = op.Targets.Select(t => new PathDelay(t, EffectDelayMs(t))).ToList();
        var plan = SendPlanner.Plan(FiringClock.Now(time), paths, _options.TimedGuard);
        op.Step = WriteOperation.Phase.Applying;
        AwaitFrom(op, op.Targets);
        var request = op.Request;
        // The sends first: the plan's guard is for the hop to the firing thread, not for bookkeeping.
        var sendAt = plan.Sends.Select(send => FiringClock.ToTimestamp(time, send.SendAt)).ToArray();
        var setvol = RoomVolume.SetvolArgument(request.Request);
        for (var i = 0; i < sendAt.Length; i++)
            _servers[plan.Sends[i].Server].Actor.Tell(new Execute(op.Tag, ForRoom(plan.Sends[i].Server, request.Request, setvol), request.Info, request.Session, Self,
                SendAt: sendAt[i]));
        LogTimedBroadcast(op, plan, sendAt);
    }

    /// <summary>
    /// How much further a room's reported position should be than the primary's, for readings that arrived at
    /// these timestamps: the time between the arrivals, less the difference of the paths they came back on, plus
    /// the difference of output offsets (a timed send reaches a room with a longer output path earlier).
    /// </summary>
    private TimeSpan ExpectedShift(string primary, long primaryReadAt, string room, long roomReadAt) =>
        Clock.GetElapsedTime(primaryReadAt, roomReadAt) - TimeSpan.FromMilliseconds(
            EstimateOf(room).OneWayMs - EstimateOf(primary).OneWayMs - _servers[room].Endpoint.OffsetMs + _servers[primary].Endpoint.OffsetMs);

    private LatencyEstimate EstimateOf(string server) => _servers[server].Latency?.Estimate ?? LatencyEstimate.None;

    /// <summary>How long after its write a command takes effect in this room, as the timing mode sees it.</summary>
    private double EffectDelayMs(string server) => _options.Timing switch
    {
        TimingMode.Naive => 0,
        TimingMode.Fixed => _options.FixedDelaysMs.GetValueOrDefault(server),
        _ => EstimateOf(server).OneWayMs + _servers[server].Endpoint.OffsetMs,
    };
}

internal sealed record ProbeWindowEnded(long ProbeTag);

internal sealed record HoldEnded(long Tag);

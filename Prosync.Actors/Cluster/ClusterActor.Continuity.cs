using System.Globalization;
using Akka.Actor;
using Akka.Event;
using Prosync.Actors.Continuity;
using Prosync.Actors.Protocol;
using Prosync.Actors.Scheduling;
using Prosync.Actors.Servers;

namespace Prosync.Actors.Cluster;

/// <summary>
/// Continuity: the rooms stay in step for the whole song, not only when a command lands. Each server actor measures
/// its room's position against the proxy's clock from its probes; here the rooms are compared, each room's clock rate
/// is tracked, and the rooms that are ahead are paused for the difference at a timed instant (the gentlest correction
/// unmodified MPD allows; a room far behind is seeked instead). Corrections run in the write queue like any state
/// change, so none interleaves with a client's command, a resync or a check.
/// </summary>
public sealed partial class ClusterActor
{
    /// <summary>A position update older than this (the room stopped answering probes) is not compared.</summary>
    private const double FreshPositionMs = 1000;

    /// <summary>
    /// How long a correction's effect may take to be measured (settle, then about 3 s of readings). Until then no
    /// new correction is planned: one planned on a half-known position would be judged by neither.
    /// </summary>
    private const double MeasuringTimeoutMs = 6000;

    private CorrectionOperation? _correction;

    /// <summary>Until this monotonic instant (ms), the primary's own pause and resume of a correction are not client news.</summary>
    private double _quietPrimaryUntilMs;

    /// <summary>A rate known less precisely than this is neither shown nor used to predict drift.</summary>
    private const double UsableRateUncertaintyPpm = 50;

    /// <summary>The room's clock rate, when it is known well enough to act on.</summary>
    private static double? UsableRate(ClockRate rate) => rate.IsKnown && rate.UncertaintyPpm <= UsableRateUncertaintyPpm ? rate.Ppm : null;

    private double NowMs => FiringClock.Now(Clock).TotalMilliseconds;

    private void OnPositionUpdated(PositionUpdated update)
    {
        if (!_servers.TryGetValue(update.Server, out var entry)) return;
        entry.Continuity.Latest = update;
        entry.Continuity.LatestAtMs = NowMs;
    }

    /// <summary>The room's latest measured position, if it is recent.</summary>
    private PositionUpdated? FreshPosition(ServerEntry entry) =>
        entry.Continuity.Latest is { } latest && NowMs - entry.Continuity.LatestAtMs <= FreshPositionMs ? latest : null;

    /// <summary>Where the room is heard at <paramref name="nowMs"/>: MPD's position, drifted on at the room's rate, less its output latency.</summary>
    private static double HeardOffsetMs(ServerEntry entry, PositionUpdated position, double nowMs) =>
        position.Estimate.OffsetAt(nowMs, UsableRate(position.Rate) ?? 0) - entry.Endpoint.OffsetMs;

    private void OnContinuityTick()
    {
        if (!_options.Continuity.Enabled || _primary is null || _inFlight is not null || _resync is not null
            || _correction is not null || _writes.Count > 0 || _checkTag != 0) return;
        var nowMs = NowMs;
        if (_servers.Values.Any(e => e.Continuity.Measuring is { } m && nowMs - m.AtMs < MeasuringTimeoutMs)) return;
        ForgetUnmeasuredCorrections();
        if (FreshPosition(_servers[_primary]) is not { State: "play", Estimate.IsValid: true } reference) return;
        var primaryOffset = HeardOffsetMs(_servers[_primary], reference, nowMs);
        var rooms = new List<RoomPosition>();
        foreach (var entry in InSync)
        {
            if (FreshPosition(entry) is not { State: "play", Estimate.IsValid: true } position || position.Song != reference.Song) continue;
            var offset = HeardOffsetMs(entry, position, nowMs);
            // Far off the primary is not drift but a room moved (by hand, or a resync landing late): the primary's
            // state is the cluster's, so the check resyncs that room rather than the house following it.
            if (Math.Abs(offset - primaryOffset) > _options.Continuity.Planner.MaxPauseMs) continue;
            var joining = entry.Continuity.JoinedAtMs is { } joined && nowMs - joined < _options.Continuity.JoinWindow.TotalMilliseconds;
            rooms.Add(new RoomPosition(entry.Endpoint.Name, true, offset, position.Estimate.UncertaintyMs,
                UsableRate(position.Rate), entry.Continuity.LastCorrectionAtMs, entry.Endpoint.Name == _primary, joining));
        }
        var options = _options.Continuity;
        CorrectionOperation? op = null;
        foreach (var correction in CorrectionPlanner.Plan(rooms, nowMs, options.Planner))
        {
            // The way this room would be moved, chosen once: kept only if it is likely to leave the room closer than
            // it is (CorrectionResponse.IsWorthIt), and then used as it is when the correction starts.
            var responses = _servers[correction.Room].Continuity.Responses;
            var shift = ShiftOf(correction);
            var method = CorrectionMethod.Choose(shift, responses, options.PreciseMs);
            if (!responses[method.Action].IsWorthIt(shift, options.PreciseMs, options.BenefitFactor)) continue;
            op ??= new CorrectionOperation(++_nextTag);
            op.Corrections.Add(correction);
            op.Methods[correction.Room] = method;
        }
        if (op is null) return;
        _writes.AddLast(op);
        StartNextWrite();
    }

    private static double ShiftOf(Correction correction) =>
        correction.Kind == CorrectionKind.Pause ? -correction.AmountMs : correction.AmountMs;

    /// <summary>
    /// A correction whose effect was never measured (the room's music moved again by an unknown amount before its new
    /// position was known) counts against its kind of action, so an action that always loses track of the room is not
    /// tried again and again as "not known yet".
    /// </summary>
    private void ForgetUnmeasuredCorrections()
    {
        foreach (var entry in _servers.Values)
        {
            if (entry.Continuity.Measuring is not { } lost) continue;
            entry.Continuity.Measuring = null;
            entry.Continuity.Responses[lost.Action].ObserveLost();
            Log.Debug("Correction of {Server} by {Action} was not measured (the room moved again before it was)", entry.Endpoint.Name, lost.Action);
        }
    }

    /// <summary>
    /// Sends every correction of the plan to land at one instant. Each room is moved by what it is off, asked for in
    /// the way that lands best in that room (<see cref="CorrectionMethod"/>): a room ahead gets <c>pause 1</c>, then
    /// <c>play</c> as many ms later as its learnt pause response needs; otherwise a relative <c>seekcur</c>.
    /// </summary>
    private void StartCorrection(CorrectionOperation op)
    {
        var options = _options.Continuity;
        var corrections = op.Corrections.Where(c => _servers.TryGetValue(c.Room, out var e) && e.State == ServerState.InSync).ToList();
        if (corrections.Count == 0) return;
        _correction = op;
        _writesStarted++;
        var time = Clock;
        var landAt = FiringClock.Now(time) + _options.TimedGuard + TimeSpan.FromMilliseconds(corrections.Max(c => EffectDelayMs(c.Room)));
        foreach (var correction in corrections)
        {
            var entry = _servers[correction.Room];
            var room = entry.Continuity;
            var shift = ShiftOf(correction);
            var (action, request) = op.Methods[correction.Room];
            var sendAt = landAt - TimeSpan.FromMilliseconds(EffectDelayMs(correction.Room));
            var paused = TimeSpan.FromMilliseconds(action == CorrectionAction.Pause ? -request : 0);
            TimedLine[] lines = action switch
            {
                CorrectionAction.Pause =>
                [
                    new TimedLine("pause 1", FiringClock.ToTimestamp(time, sendAt)),
                    new TimedLine("play", FiringClock.ToTimestamp(time, sendAt + paused)),
                ],
                CorrectionAction.SeekTo => [new TimedLine(SeekToLine(entry, landAt, request), FiringClock.ToTimestamp(time, sendAt))],
                _ => [new TimedLine("seekcur " + SignedSeconds(request), FiringClock.ToTimestamp(time, sendAt))],
            };
            var settled = landAt + paused + options.Settle;
            op.Awaiting.Add(correction.Room);
            room.Measuring = (op.Tag, action, request, NowMs);
            entry.Actor.Tell(new ApplyTimed(op.Tag, lines, FiringClock.ToTimestamp(time, settled), shift, Self));
            if (correction.Room == _primary) _quietPrimaryUntilMs = (settled + options.Settle).TotalMilliseconds;
        }
        Timers.StartSingleTimer("correction", new CorrectionTimedOut(op.Tag), _options.WriteTimeout);
    }

    /// <summary>An absolute seek that lands at <paramref name="landAt"/> where the room would then be, moved by <paramref name="shiftMs"/>.</summary>
    private static string SeekToLine(ServerEntry entry, TimeSpan landAt, double shiftMs)
    {
        var latest = entry.Continuity.Latest!;
        var position = landAt.TotalMilliseconds + latest.Estimate.OffsetAt(landAt.TotalMilliseconds, UsableRate(latest.Rate) ?? 0);
        return "seekcur " + MpdValue.Seconds(Math.Max(0, position + shiftMs) / 1000);
    }

    /// <summary>A relative <c>seekcur</c> argument: <see cref="MpdValue.Seconds"/> with its sign.</summary>
    private static string SignedSeconds(double ms) => (ms / 1000).ToString("+0.000;-0.000", CultureInfo.InvariantCulture);

    /// <summary>The room's server actor measured how far a correction really moved it: the room learns its response.</summary>
    private void OnCorrectionMeasured(CorrectionMeasured measured)
    {
        if (!_servers.TryGetValue(measured.Server, out var entry) || entry.Continuity.Measuring is not { } pending
            || pending.Tag != measured.Tag) return;
        var room = entry.Continuity;
        room.Measuring = null;
        var response = room.Responses[pending.Action];
        if (!response.Observe(pending.RequestMs, measured.ActualShiftMs)) return;
        Log.Debug("Correction of {Server} by {Action} moved it {Actual:0.0} ms (asked {Asked:0.0}); that kind now lands {Bias:0.0} ms off what it asks, ±{Dispersion:0.0} ms",
            measured.Server, pending.Action, measured.ActualShiftMs, pending.RequestMs, response.BiasMs, response.DispersionMs);
    }

    private void OnCorrectionExecuted(CorrectionOperation op, Executed executed)
    {
        if (!op.Awaiting.Remove(executed.Server)) return;
        var correction = op.Corrections.First(c => c.Room == executed.Server);
        if (executed.Response.IsOk) Record(executed.Server, correction, op.Methods[executed.Server]);
        else
        {
            Log.Warning("Correction of {Server} failed: {Error}", executed.Server, executed.Response.Error);
            // A room left paused by half a correction is not in step: bring it back to the cluster's state.
            if (!executed.ServerFailed) MarkDiverged(executed.Server, $"correction failed: {executed.Response.Error}");
        }
        if (op.Awaiting.Count == 0) FinishCorrection();
    }

    private void Record(string server, Correction correction, (CorrectionAction Action, double RequestMs) method)
    {
        if (!_servers.TryGetValue(server, out var entry)) return;
        var room = entry.Continuity;
        room.Corrections++;
        room.LastCorrectionAtMs = NowMs;
        room.LastCorrectionAt = Clock.GetUtcNow();
        var move = correction.Kind == CorrectionKind.Pause ? $"back {correction.AmountMs:0.0} ms" : $"forward {correction.AmountMs:0.0} ms";
        room.LastCorrection = method.Action switch
        {
            CorrectionAction.Pause => $"{move} by a {-method.RequestMs:0.0} ms pause",
            CorrectionAction.SeekTo => $"{move} by a timed seek ({method.RequestMs:+0.0;-0.0} ms)",
            _ => $"{move} by seekcur {method.RequestMs:+0.0;-0.0} ms",
        } + $" ({correction.Reason})";
        Log.Info("Corrected {Server}: {Correction}, {Count} so far", server, room.LastCorrection, room.Corrections);
    }

    private void FinishCorrection()
    {
        Timers.Cancel("correction");
        _correction = null;
        StartNextWrite();
    }

    private void OnCorrectionTimedOut(CorrectionTimedOut timedOut)
    {
        if (_correction is not { } op || op.Tag != timedOut.Tag) return;
        foreach (var server in op.Awaiting.ToList()) MarkDiverged(server, "no reply to a correction");
        FinishCorrection();
    }

    private void ForgetServerInCorrection(string server)
    {
        if (_correction is { } op && op.Awaiting.Remove(server) && op.Awaiting.Count == 0) FinishCorrection();
    }

    /// <summary>The primary's own correction is not news for clients: they would refetch a state that did not change.</summary>
    private Subsystems WithoutCorrectionNoise(ServerEvents events) =>
        events.Server == _primary && NowMs < _quietPrimaryUntilMs ? events.Changed & ~Subsystems.Player : events.Changed;

    /// <summary>What the API shows of a room's continuity; the position error is against the primary, as heard.</summary>
    private ContinuityStatus ContinuityOf(ServerEntry entry)
    {
        var room = entry.Continuity;
        var rate = room.Latest?.Rate ?? ClockRate.Unknown;
        double? error = null, uncertainty = null;
        if (_primary is not null && FreshPosition(entry) is { State: "play", Estimate.IsValid: true } mine
            && FreshPosition(_servers[_primary]) is { State: "play", Estimate.IsValid: true } primary && primary.Song == mine.Song)
        {
            var nowMs = NowMs;
            error = HeardOffsetMs(entry, mine, nowMs) - HeardOffsetMs(_servers[_primary], primary, nowMs);
            uncertainty = mine.Estimate.UncertaintyMs;
        }
        var usable = UsableRate(rate);
        return new ContinuityStatus(error, uncertainty, usable, usable is null ? null : rate.UncertaintyPpm,
            room.Corrections, room.LastCorrectionAt, room.LastCorrection);
    }
}

internal sealed record ContinuityTick
{
    public static readonly ContinuityTick Instance = new();
}

internal sealed record CorrectionTimedOut(long Tag);

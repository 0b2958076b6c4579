using Prosync.Actors.Continuity;
using Prosync.Actors.Latency;
using Prosync.Actors.Protocol;
using Prosync.Actors.Scheduling;

namespace Prosync.Actors.Servers;

/// <summary>
/// Playback position, measured: every probe is a <c>status</c>, so one round trip gives a latency sample and a
/// position sample. The <see cref="PositionEstimator"/> turns the chunk-stepped <c>elapsed</c> readings into the
/// room's position against the proxy's clock; the cluster compares rooms and plans corrections from it.
/// </summary>
public sealed partial class ServerActor
{
    /// <summary>The window whose minimum round trip dates a reading: delays only add, the minimum is the path's own.</summary>
    private readonly RttWindow _recentRtts = new(50);
    private PositionEstimator? _positions;
    private double _ratePpm;

    /// <summary>
    /// Samples sent before this timestamp may straddle a correction this actor applied: they are dropped, and the
    /// estimate starts afresh from the first sample after it.
    /// </summary>
    private long _positionsResumeAt;

    private PositionEstimator Positions => _positions ??= new PositionEstimator(_options.Positions);

    private void OnPositionRead(TimedResponse read, double rttMs)
    {
        _recentRtts.Add(rttMs);
        if (_positionsResumeAt != 0)
        {
            if (read.SentAt < _positionsResumeAt) return;
            _positionsResumeAt = 0;
            Positions.Restart();
        }
        var status = read.Response;
        var state = status.Get("state") ?? "stop";
        var song = MpdValue.Int(status.Get("song"), -1);
        var time = Context.Time;
        var elapsedMs = double.TryParse(status.Get("elapsed"), System.Globalization.NumberStyles.Float,
            System.Globalization.CultureInfo.InvariantCulture, out var elapsed) ? elapsed * 1000 : double.NaN;
        if (double.IsFinite(elapsedMs))
        {
            var sample = new PositionSample(FiringClock.ToTimeSpan(time, read.SentAt).TotalMilliseconds,
                FiringClock.ToTimeSpan(time, read.ReceivedAt).TotalMilliseconds, elapsedMs, song, state);
            Positions.Add(sample, _recentRtts.Sorted()[0] / 2);
        }
        else
        {
            Positions.Restart();
        }
        Context.Parent.Tell(new PositionUpdated(Name, Positions.Current, song, state));
    }

    private void OnSetClockRate(SetClockRate rate)
    {
        if (rate.Ppm == _ratePpm) return;
        _ratePpm = rate.Ppm;
        Positions.SetRate(rate.Ppm);
    }

    /// <summary>
    /// Writes each line at its instant on the write connection (a correction: pause, then resume), pipelined so the
    /// second write is not held back by the first's round trip. Positions read before the correction settles are
    /// not mixed with those after it.
    /// </summary>
    private void OnApplyTimed(ApplyTimed apply)
    {
        _positionsResumeAt = apply.PositionsResumeAt;
        Run(_writes, apply.ReplyTo, async pump =>
        {
            var fired = apply.Lines.Select(line =>
            {
                var bytes = MpdConnection.Encode(line.Line);
                return _scheduler.Schedule(line.SendAt, () => pump.Connection.Send(bytes));
            }).ToArray();
            var sent = await Task.WhenAll(fired);
            var responses = await Task.WhenAll(sent.Select(f => f.Result));
            return new Executed(apply.Tag, Name, responses.FirstOrDefault(r => !r.IsOk) ?? MpdResponse.Ok,
                sent.Max(f => f.Lateness));
        }, error => new Executed(apply.Tag, Name, MpdResponse.Fail(error), ServerFailed: true));
    }
}

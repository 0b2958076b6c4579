using System.Globalization;
using Prosync.Actors.Continuity;
using Prosync.Actors.Latency;
using Prosync.Actors.Protocol;
using Prosync.Actors.Scheduling;

namespace Prosync.Actors.Servers;

/// <summary>
/// Playback position and clock rate, measured: every probe is a <c>status</c>, so one round trip gives a latency
/// sample and a position sample. The <see cref="PositionEstimator"/> turns the chunk-stepped <c>elapsed</c> readings
/// into the room's position against the proxy's clock; the <see cref="ClockRateTracker"/> follows that position over
/// minutes. The cluster compares rooms and plans corrections from both.
/// </summary>
public sealed partial class ServerActor
{
    /// <summary>How often a peak of the position envelope is handed to the rate tracker.</summary>
    private const double RatePointSpacingMs = 1000;

    /// <summary>The window whose minimum round trip dates a reading: delays only add, the minimum is the path's own.</summary>
    private readonly RttWindow _recentRtts = new(50);
    private PositionEstimator? _positions;
    private ClockRateTracker? _rate;
    private double _lastRatePointAtMs = double.NegativeInfinity;

    /// <summary>
    /// The shifts this actor applied itself (pauses: negative), summed: the rate tracker sees the room's position with
    /// them taken out, so a room corrected every 20 s still shows its clock's rate over minutes, not over 20 s pieces.
    /// </summary>
    private double _appliedShiftMs;
    private int _rateSegment;
    private int _estimatorSegment;
    private bool _restartedByCorrection;

    private PositionEstimator Positions => _positions ??= new PositionEstimator(_options.Positions);

    private ClockRateTracker Rate => _rate ??= new ClockRateTracker(_options.ClockRate);

    private void OnPositionRead(TimedResponse read, double rttMs)
    {
        _recentRtts.Add(rttMs);
        var status = read.Response;
        var state = status.Get("state") ?? "stop";
        var song = MpdValue.Int(status.Get("song"), -1);
        var time = Context.Time;
        var elapsedMs = double.TryParse(status.Get("elapsed"), NumberStyles.Float, CultureInfo.InvariantCulture, out var elapsed)
            ? elapsed * 1000 : 0;
        var sample = new PositionSample(FiringClock.ToTimeSpan(time, read.SentAt).TotalMilliseconds,
            FiringClock.ToTimeSpan(time, read.ReceivedAt).TotalMilliseconds, elapsedMs, song, PlayStateOf(state));
        Positions.Add(sample, _recentRtts.Sorted()[0] / 2);
        TrackRate(sample.ReceivedAtMs);
        Context.Parent.Tell(new PositionUpdated(Name, Positions.Current, Rate.Current, song, state));
    }

    private void TrackRate(double nowMs)
    {
        var segment = Positions.Current.Segment;
        if (segment != _estimatorSegment)
        {
            // A new estimator segment the room did not get from us (a seek, a song change, a pause by a client)
            // moved the music by an unknown amount: pairs must not straddle it.
            if (!_restartedByCorrection) _rateSegment++;
            _restartedByCorrection = false;
            _estimatorSegment = segment;
        }
        if (nowMs - _lastRatePointAtMs < RatePointSpacingMs
            || !Positions.TryGetPeak(_options.ClockRate.PeakSpanMs, out var atMs, out var offsetMs)) return;
        _lastRatePointAtMs = nowMs;
        Rate.Add(atMs, offsetMs - _appliedShiftMs, _rateSegment);
        if (Rate.Current.IsKnown) Positions.SetRate(Rate.Current.Ppm);
    }

    private static PlayState PlayStateOf(string state) => state switch
    {
        "play" => PlayState.Play,
        "pause" => PlayState.Pause,
        _ => PlayState.Stop,
    };

    /// <summary>
    /// Writes each line at its instant on the write connection (a correction: pause, then resume), pipelined so the
    /// second write is not held back by the first's round trip. Readings sent before the correction settles are
    /// dropped; until the room's new position is measured, the old one moved by the correction stands in for it.
    /// </summary>
    private void OnApplyTimed(ApplyTimed apply)
    {
        var resumeAtMs = FiringClock.ToTimeSpan(Context.Time, apply.PositionsResumeAt).TotalMilliseconds;
        Positions.Restart(resumeAtMs, apply.ExpectedShiftMs);
        if (apply.ExpectedShiftMs is { } shift)
        {
            _appliedShiftMs += shift;
            _restartedByCorrection = true;
        }
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

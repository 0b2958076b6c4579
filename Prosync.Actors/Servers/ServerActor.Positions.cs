using Akka.Actor;
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
    /// The shifts this actor's corrections made, as measured (not as asked: MPD does not move a room by exactly what it
    /// is asked), summed: the rate tracker sees the room's position with them taken out, so a room corrected every
    /// 20 s still shows its clock's rate over minutes, not over 20 s pieces.
    /// </summary>
    private double _appliedShiftMs;
    private int _rateSegment;
    private int _estimatorSegment;
    private bool _restartedByCorrection;

    /// <summary>A correction whose effect is being measured: where the room was before it, and the segment after it.</summary>
    private (long Tag, double OffsetMs, double AtMs, int Segment)? _measuring;

    /// <summary>Readings the new segment needs before its position is trusted to judge a correction (about 3 s).</summary>
    private const int MeasuringSamples = 30;

    private PositionEstimator Positions => _positions ??= new PositionEstimator(_options.Positions);

    private ClockRateTracker Rate => _rate ??= new ClockRateTracker(_options.ClockRate);

    private void OnPositionRead(TimedResponse read, double rttMs)
    {
        _recentRtts.Add(rttMs);
        var status = read.Response;
        var state = status.Get("state") ?? "stop";
        var song = MpdValue.Int(status.Get("song"), -1);
        var time = Clock;
        var elapsedMs = MpdValue.Double(status.Get("elapsed")) * 1000;
        var sample = new PositionSample(FiringClock.ToTimeSpan(time, read.SentAt).TotalMilliseconds,
            FiringClock.ToTimeSpan(time, read.ReceivedAt).TotalMilliseconds, elapsedMs, song, PlayStateOf(state));
        Positions.Add(sample, _recentRtts.Sorted()[0] / 2);
        TrackRate(sample.ReceivedAtMs);
        MeasureCorrection();
        _cluster.Tell(new PositionUpdated(Name, Positions.Current, Rate.Current, song, state));
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
        if (_measuring is not null || nowMs - _lastRatePointAtMs < RatePointSpacingMs
            || !Rate.Add(Positions, _appliedShiftMs, _rateSegment)) return;
        _lastRatePointAtMs = nowMs;
        if (Rate.Current.IsKnown) Positions.SetRate(Rate.Current.Ppm);
    }

    /// <summary>Once the room's position after a correction is measured as well as the one before, reports the real shift.</summary>
    private void MeasureCorrection()
    {
        if (_measuring is not { } m) return;
        var now = Positions.Current;
        if (now.Segment != m.Segment)
        {
            AbandonMeasuring(); // the music moved again (a seek, a song change): this correction cannot be told apart
            return;
        }
        if (!now.IsValid || now.IsCarried || now.Samples < MeasuringSamples) return;
        _measuring = null;
        var drift = Positions.RatePpm * 1e-6 * (now.AtMs - m.AtMs);
        var shift = now.OffsetMs - (m.OffsetMs + drift);
        _appliedShiftMs += shift;
        _cluster.Tell(new CorrectionMeasured(Name, m.Tag, shift));
    }

    /// <summary>A correction whose shift is not known: the rate tracker must not pair readings across it.</summary>
    private void AbandonMeasuring()
    {
        _measuring = null;
        _rateSegment++;
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
        var resumeAtMs = FiringClock.ToTimeSpan(Clock, apply.PositionsResumeAt).TotalMilliseconds;
        var before = Positions.Current;
        if (_measuring is not null) AbandonMeasuring();
        Positions.Restart(resumeAtMs, apply.ExpectedShiftMs);
        _restartedByCorrection = true;
        if (before is { IsValid: true, IsCarried: false }) _measuring = (apply.Tag, before.OffsetMs, before.AtMs, Positions.Current.Segment);
        else _rateSegment++;
        Run(_writes, apply, async pump =>
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
        });
    }
}

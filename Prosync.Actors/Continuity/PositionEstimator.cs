namespace Prosync.Actors.Continuity;

/// <summary>
/// Measures where one room's music is against the proxy's clock from its <c>status</c> reads.
/// </summary>
/// <remarks>
/// A sample's offset is <c>elapsed − (ReceivedAt − oneWay)</c>: the position minus the proxy time
/// at which MPD (at the latest) read it. For a room running at the proxy's rate the true position
/// at proxy time t is t + trueOffset, and every sample's offset is at most trueOffset:
/// <c>elapsed</c> trails the music by up to one output chunk (and the truncation to the ms), and
/// any network delay beyond the minimum one-way delay either lets MPD read later and us receive
/// later by the same amount (upstream) or only delays our receipt (downstream); both make the
/// offset smaller. So the UPPER ENVELOPE (the max) of the offsets converges on the truth, and
/// bursts can only drop samples below it, never drag it up. With probe phases spread over the
/// chunk period the max of N clean samples is short by about step / N. A room whose clock runs at
/// (1 + ppm·1e-6) drifts linearly; offsets are detrended with the rate from <see cref="SetRate"/>
/// before the max is taken. The max is then raised by one mean spacing of the top order
/// statistics (<see cref="PositionEstimatorOptions.CorrectShortfall"/>), the expected shortfall of
/// the max of uniformly spread phases, which centres the error instead of leaving it one-sided
/// (measured: p50 error 0.8 → 0.4 ms for 23.2 ms steps). The estimate is only as good as the one-way delay: a room whose
/// one-way estimate is 1 ms high reads 1 ms ahead.
/// <para>
/// Discontinuities start a new <see cref="PositionEstimate.Segment"/>: a song or state change; a
/// sample above the envelope by more than <see cref="PositionEstimatorOptions.JumpUpMs"/> (no
/// clean sample can be, so the music jumped forward); <see cref="PositionEstimatorOptions.JumpDownReads"/>
/// reads in a row below it by more than <see cref="PositionEstimatorOptions.JumpDownMs"/> plus their
/// own excess round trip (network delay cannot explain that, so it jumped back); every recent
/// bin's peak below the older reads' envelope by more than <see cref="PositionEstimatorOptions.DeclineMs"/>
/// (it settled back by less than that, e.g. an output that restarted); and
/// <see cref="Restart"/>, when the caller itself moved the music.
/// </para>
/// Not thread-safe: one owner feeds it.
/// </remarks>
public sealed class PositionEstimator
{
    private readonly PositionEstimatorOptions _options;
    private readonly List<Point> _window = [];
    private readonly List<Point> _below = [];
    private readonly List<double> _scratch = [];
    private readonly List<double> _excesses = [];
    private bool _seen;
    private int? _songId;
    private PlayState _state;
    private int _segment;
    private double _ratePpm;
    private double _latestAtMs = double.NaN;
    private double _ignoreSentBeforeMs = double.NegativeInfinity;
    private PositionEstimate? _current;
    private Carried? _carried;

    /// <summary>Creates an estimator with no samples, segment 0 and rate 0 ppm.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public PositionEstimator(PositionEstimatorOptions? options = null)
    {
        _options = options ?? PositionEstimatorOptions.Default;
        _options.Validate();
    }

    /// <summary>The room's clock rate used for detrending, in ppm (0 until <see cref="SetRate"/>).</summary>
    public double RatePpm => _ratePpm;

    /// <summary>The estimate after the samples so far.</summary>
    public PositionEstimate Current => _current ??= Compute();

    /// <summary>Feeds one <c>status</c> read.</summary>
    /// <param name="sample">The read.</param>
    /// <param name="oneWayMs">The path's minimum one-way delay (about half the windowed minimum RTT).</param>
    public void Add(PositionSample sample, double oneWayMs)
    {
        if (!double.IsFinite(sample.ElapsedMs) || !double.IsFinite(sample.ReceivedAtMs) || !double.IsFinite(oneWayMs))
            return;
        if (sample.SentAtMs < _ignoreSentBeforeMs)
            return;   // in flight across a Restart: it saw the old position
        _current = null;

        if (!_seen || sample.SongId != _songId || sample.State != _state)
        {
            if (_seen)
                NewSegment();
            _seen = true;
            _songId = sample.SongId;
            _state = sample.State;
        }

        double atMs = sample.ReceivedAtMs - oneWayMs;
        _latestAtMs = atMs;
        if (sample.State != PlayState.Play)
            return;

        var point = new Point(atMs, sample.ElapsedMs - atMs, Math.Max(0, sample.ReceivedAtMs - sample.SentAtMs - (2 * oneWayMs)));
        if (_window.Count == 0)
        {
            _window.Add(point);
            return;
        }

        (double envelope, double envelopeAtMs, double spread) = Envelope(atMs);
        double allowance = _options.RateAllowancePpm * 1e-6 * Math.Abs(atMs - envelopeAtMs);
        // A young envelope can sit most of a step low, so a new maximum counts as a jump only
        // beyond twice the envelope's own spread, and beyond JumpDownMs (more than any step) while
        // the segment is too young to be valid; smaller rises are simply absorbed by the max.
        bool young = _window.Count < _options.MinSamples || atMs - _window[0].AtMs < _options.MinSpanMs;
        double margin = _options.JumpUpMs + allowance + (2 * spread) + (young ? _options.JumpDownMs : 0);
        if (point.OffsetMs > envelope + margin)
        {
            NewSegment();
            _window.Add(point);
        }
        else if (point.OffsetMs < envelope - _options.JumpDownMs - point.ExcessMs - allowance)
        {
            _below.Add(point);
            if (_below.Count >= _options.JumpDownReads)
            {
                var moved = _below.ToArray();
                NewSegment();
                _window.AddRange(moved);
            }
        }
        else
        {
            _below.Clear();
            _window.Add(point);
            FollowDecline(atMs);
        }

        double cutoff = atMs - _options.WindowMs;
        int stale = 0;
        while (stale < _window.Count - 1 && _window[stale].AtMs < cutoff)
            stale++;
        _window.RemoveRange(0, stale);
    }

    /// <summary>
    /// Starts a new segment from the last <see cref="PositionEstimatorOptions.DeclineBins"/> bins (less the first) when every one of
    /// their peaks is below the older reads' envelope by more than <see cref="PositionEstimatorOptions.DeclineMs"/>:
    /// the music settled lower (see there), and the older reads would otherwise hold the max up for a whole window.
    /// </summary>
    private void FollowDecline(double atMs)
    {
        double binMs = _options.DeclineBinMs, from = atMs - (_options.DeclineBins * binMs);
        if (_window[0].AtMs > from - binMs)
            return;   // too few older reads to be below of
        double rate = _ratePpm * 1e-6, older = double.NegativeInfinity;
        Span<double> peaks = stackalloc double[_options.DeclineBins];
        Span<int> reads = stackalloc int[_options.DeclineBins];
        peaks.Fill(double.NegativeInfinity);
        foreach (var p in _window)
        {
            double projected = p.OffsetMs + (rate * (atMs - p.AtMs));
            if (p.AtMs < from)
            {
                older = Math.Max(older, projected);
                continue;
            }
            int bin = Math.Min(_options.DeclineBins - 1, (int)((p.AtMs - from) / binMs));
            peaks[bin] = Math.Max(peaks[bin], projected);
            reads[bin]++;
        }
        // The bar is at least DeclineMs below the older max: most reads end here, before any sorting (10 reads a second).
        if (!AllBinsBelow(peaks, reads, older - _options.DeclineMs))
            return;

        // Reads spread evenly over a step's phases sit half a step below the top at the median; the half with the
        // shorter round trips is taken, as bursts would lower it. A bin's peak misses the top by 0.4 of a step with
        // probability 0.6^reads.
        _excesses.Clear();
        foreach (var p in _window)
        {
            if (p.AtMs < from)
                _excesses.Add(p.ExcessMs);
        }
        _excesses.Sort();
        double quiet = _excesses[_excesses.Count / 2];
        _scratch.Clear();
        foreach (var p in _window)
        {
            if (p.AtMs < from && p.ExcessMs <= quiet)
                _scratch.Add(p.OffsetMs + (rate * (atMs - p.AtMs)));
        }
        _scratch.Sort();
        double step = 2 * (older - _scratch[_scratch.Count / 2]);
        if (!AllBinsBelow(peaks, reads, older - Math.Max(_options.DeclineMs, _options.DeclineStepFraction * step)))
            return;
        // The first bin may straddle the move (older reads that happened to sit low): the new segment starts after it.
        var recent = _window.Where(p => p.AtMs >= from + binMs).ToArray();
        NewSegment();
        _window.AddRange(recent);
    }

    /// <summary>Every bin has enough reads and its peak at or below <paramref name="bar"/>.</summary>
    private bool AllBinsBelow(ReadOnlySpan<double> peaks, ReadOnlySpan<int> reads, double bar)
    {
        for (int b = 0; b < peaks.Length; b++)
        {
            if (reads[b] < _options.DeclineBinReads || peaks[b] > bar)
                return false;
        }
        return true;
    }

    /// <summary>
    /// The highest raw offset among the samples of the last <paramref name="spanMs"/>, at that
    /// sample's own time, once the current segment covers the whole span. Every such peak is the
    /// max of about the same number of reads, so its shortfall has the same distribution each
    /// time: a growing window's shrinking shortfall would otherwise read as drift.
    /// </summary>
    /// <returns>False while not playing or while the segment is younger than the span.</returns>
    public bool TryGetPeak(double spanMs, out double atMs, out double offsetMs)
    {
        (atMs, offsetMs) = (double.NaN, double.NaN);
        if (_state != PlayState.Play || _window.Count == 0)
            return false;
        double from = _window[^1].AtMs - spanMs;
        if (_window[0].AtMs > from)
            return false;
        double max = double.NegativeInfinity;
        foreach (var p in _window)
        {
            if (p.AtMs >= from && p.OffsetMs > max)
                (max, atMs) = (p.OffsetMs, p.AtMs);
        }
        offsetMs = max;
        return true;
    }

    /// <summary>Sets the room's clock rate (from <see cref="ClockRateTracker"/>) used to detrend the window.</summary>
    public void SetRate(double ppm)
    {
        if (!double.IsFinite(ppm) || ppm == _ratePpm)
            return;
        _ratePpm = ppm;
        _current = null;
    }

    /// <summary>
    /// Starts a new segment because the caller moved the music (e.g. paused the room for a
    /// correction): the old samples no longer describe it.
    /// </summary>
    /// <param name="ignoreSentBeforeMs">
    /// Replies to reads sent before this proxy time are dropped: they were in flight while the
    /// music moved. Pass the time the correction completed.
    /// </param>
    /// <param name="expectedShiftMs">
    /// How far the caller meant to move the music (−pause, +seek), when it is known to within
    /// <see cref="PositionEstimatorOptions.ShiftToleranceMs"/>. Until the new segment's own samples
    /// are more certain, the old estimate moved by this much is carried (with the tolerance added
    /// to its uncertainty), so a corrected room neither goes blind nor acts on a young envelope.
    /// </param>
    public void Restart(double ignoreSentBeforeMs = double.NegativeInfinity, double? expectedShiftMs = null)
    {
        var before = Current;
        _ignoreSentBeforeMs = ignoreSentBeforeMs;
        _current = null;
        NewSegment();
        if (expectedShiftMs is double shift && double.IsFinite(shift) && before.IsValid)
            _carried = new Carried(before.AtMs, before.OffsetMs + shift, before.UncertaintyMs + _options.ShiftToleranceMs);
    }

    private void NewSegment()
    {
        _segment++;
        _window.Clear();
        _below.Clear();
        _carried = null;
    }

    /// <summary>The detrended maximum at <paramref name="atMs"/>, the time of the sample that set it, and the max minus the rank-th largest.</summary>
    private (double Max, double AtMs, double Spread) Envelope(double atMs)
    {
        double rate = _ratePpm * 1e-6, max = double.NegativeInfinity, maxAt = atMs;
        _scratch.Clear();
        foreach (var p in _window)
        {
            double projected = p.OffsetMs + (rate * (atMs - p.AtMs));
            _scratch.Add(projected);
            if (projected > max)
                (max, maxAt) = (projected, p.AtMs);
        }
        _scratch.Sort();
        return (max, maxAt, max - _scratch[Math.Max(0, _scratch.Count - _options.UncertaintyRank)]);
    }

    private PositionEstimate Compute()
    {
        var measured = Measure();
        if (_carried is not { } carried || _state != PlayState.Play || (measured.IsValid && measured.UncertaintyMs <= carried.UncertaintyMs))
            return measured;

        // Carry the pre-correction estimate moved by the commanded shift, but never below what
        // the new samples already prove (their raw max is a lower bound).
        double atMs = double.IsFinite(measured.AtMs) && measured.Samples > 0 ? measured.AtMs : carried.AtMs;
        double offset = carried.OffsetMs + (_ratePpm * 1e-6 * (atMs - carried.AtMs));
        if (measured.Samples > 0)
            offset = Math.Max(offset, _window.Max(p => p.OffsetMs + (_ratePpm * 1e-6 * (atMs - p.AtMs))));
        return new PositionEstimate(true, offset, atMs, carried.UncertaintyMs, measured.Samples, _segment, _songId, IsCarried: true);
    }

    private PositionEstimate Measure()
    {
        int n = _window.Count;
        if (_state != PlayState.Play || n == 0)
            return new PositionEstimate(false, double.NaN, _latestAtMs, double.PositiveInfinity, n, _segment, _songId);

        double atMs = _window[^1].AtMs, rate = _ratePpm * 1e-6;
        _scratch.Clear();
        foreach (var p in _window)
            _scratch.Add(p.OffsetMs + (rate * (atMs - p.AtMs)));
        _scratch.Sort();
        double max = _scratch[n - 1];
        int rank = Math.Min(_options.UncertaintyRank, n);
        double spread = max - _scratch[n - rank];
        double offset = _options.CorrectShortfall && rank > 1 ? max + (spread / (rank - 1)) : max;
        bool valid = n >= _options.MinSamples && atMs - _window[0].AtMs >= _options.MinSpanMs;
        return new PositionEstimate(valid, offset, atMs, spread, n, _segment, _songId);
    }

    private readonly record struct Carried(double AtMs, double OffsetMs, double UncertaintyMs);

    private readonly record struct Point(double AtMs, double OffsetMs, double ExcessMs);
}

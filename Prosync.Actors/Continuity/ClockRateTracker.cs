namespace Prosync.Actors.Continuity;

/// <summary>
/// Estimates a room's clock rate from its position envelope over minutes, so the position
/// estimator can detrend its window and the planner can predict drift.
/// </summary>
/// <remarks>
/// The slope is Theil–Sen: the median of the slopes of all point pairs at least
/// <see cref="ClockRateOptions.MinPairSpanMs"/> apart WITHIN one segment. A correction or a seek
/// moves the offset by design and starts a new segment, so no pair straddles it and it is never
/// read as drift; a minority of bad points (a jump not yet detected) cannot move a median. The
/// rate belongs to the sound card, not to a segment, so it pools all segments and forgets points
/// only by age (<see cref="ClockRateOptions.HistoryMs"/>). The points should be maxima of
/// equally many reads (<see cref="Add(PositionEstimator)"/>): the estimator's own estimate, a max
/// over a window that fills up after each restart, rises as it fills and reads as drift (a room
/// corrected every 20 s then measured +30 ppm off). Not thread-safe: one owner feeds it.
/// </remarks>
public sealed class ClockRateTracker
{
    private readonly ClockRateOptions _options;
    private readonly List<Point> _points = [];
    private ClockRate? _current;

    /// <summary>Creates a tracker with no history.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public ClockRateTracker(ClockRateOptions? options = null)
    {
        _options = options ?? ClockRateOptions.Default;
        _options.Validate();
    }

    /// <summary>The rate after the points so far.</summary>
    public ClockRate Current => _current ??= Compute();

    /// <summary>Points in the history.</summary>
    public int Count => _points.Count;

    /// <summary>Feeds one envelope point (e.g. once a second); points must come in time order.</summary>
    /// <param name="atMs">Proxy time of the point.</param>
    /// <param name="offsetMs">The room's offset at <paramref name="atMs"/>.</param>
    /// <param name="segment">The estimator's segment: pairs are only formed within one.</param>
    public void Add(double atMs, double offsetMs, int segment)
    {
        if (!double.IsFinite(atMs) || !double.IsFinite(offsetMs))
            return;
        if (_points.Count > 0 && atMs <= _points[^1].AtMs)
            return;
        _current = null;
        _points.Add(new Point(atMs, offsetMs, segment));
        double cutoff = atMs - _options.HistoryMs;
        int stale = 0;
        while (stale < _points.Count && _points[stale].AtMs < cutoff)
            stale++;
        _points.RemoveRange(0, stale);
    }

    /// <summary>
    /// Feeds the estimator's peak over the last <see cref="ClockRateOptions.PeakSpanMs"/> (see
    /// <see cref="PositionEstimator.TryGetPeak"/>) in its current segment, if it has one.
    /// </summary>
    /// <param name="estimator">The room's position estimator.</param>
    /// <param name="appliedShiftMs">What the caller moved the room by itself (its corrections, summed): taken out, so
    /// pairs can span those moves.</param>
    /// <param name="segment">The caller's own segment numbering (one that goes on across its corrections); the
    /// estimator's segment when null.</param>
    /// <returns>Whether a point was taken.</returns>
    public bool Add(PositionEstimator estimator, double appliedShiftMs = 0, int? segment = null)
    {
        ArgumentNullException.ThrowIfNull(estimator);
        if (!estimator.TryGetPeak(_options.PeakSpanMs, out double atMs, out double offsetMs))
            return false;
        if (_points.Count > 0 && atMs <= _points[^1].AtMs)
            return false;
        Add(atMs, offsetMs - appliedShiftMs, segment ?? estimator.Current.Segment);
        return true;
    }

    private ClockRate Compute()
    {
        var segments = new List<List<Point>>();
        foreach (var p in _points)
        {
            if (segments.Count == 0 || segments[^1][0].Segment != p.Segment)
                segments.Add([]);
            segments[^1].Add(p);
        }

        var slopes = new List<double>();
        double spanMs = 0;
        foreach (var seg in segments)
        {
            spanMs += seg[^1].AtMs - seg[0].AtMs;
            var thinned = Thin(seg, _options.MaxPairPoints);
            for (int i = 0; i < thinned.Count; i++)
            {
                for (int j = i + 1; j < thinned.Count; j++)
                {
                    double dt = thinned[j].AtMs - thinned[i].AtMs;
                    if (dt >= _options.MinPairSpanMs)
                        slopes.Add((thinned[j].OffsetMs - thinned[i].OffsetMs) / dt);
                }
            }
        }

        double spanSeconds = spanMs / 1000;
        if (slopes.Count == 0)
            return ClockRate.Unknown with { SpanSeconds = spanSeconds };

        double slope = Median(slopes);
        return new ClockRate(spanSeconds >= _options.MinSpanSeconds, slope * 1e6, Uncertainty(segments, slope) * 1e6, spanSeconds);
    }

    /// <summary>
    /// Two standard errors of a pooled within-segment slope: σ (robust scatter of the residuals) over
    /// √Σ n·T²/12, counting one independent point per <see cref="ClockRateOptions.MinPairSpanMs"/>
    /// because neighbouring envelope points share most of their samples.
    /// </summary>
    private double Uncertainty(List<List<Point>> segments, double slope)
    {
        var residuals = new List<double>();
        double leverage = 0;
        foreach (var seg in segments)
        {
            var centred = seg.Select(p => p.OffsetMs - (slope * p.AtMs)).ToList();
            double intercept = Median([.. centred]);
            residuals.AddRange(centred.Select(c => c - intercept));
            double span = seg[^1].AtMs - seg[0].AtMs;
            double independent = Math.Min(seg.Count, Math.Max(1, span / _options.MinPairSpanMs) + 1);
            leverage += independent * span * span / 12;
        }
        double sigma = 1.4826 * Median([.. residuals.Select(Math.Abs)]);
        return leverage > 0 ? 2 * Math.Max(sigma, 0.01) / Math.Sqrt(leverage) : double.PositiveInfinity;
    }

    private static List<Point> Thin(List<Point> seg, int max)
    {
        if (seg.Count <= max)
            return seg;
        var thinned = new List<Point>(max);
        for (int i = 0; i < max; i++)
            thinned.Add(seg[(int)Math.Round((double)i * (seg.Count - 1) / (max - 1))]);
        return thinned;
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        int n = values.Count;
        return n % 2 == 1 ? values[n / 2] : (values[(n / 2) - 1] + values[n / 2]) / 2;
    }

    private readonly record struct Point(double AtMs, double OffsetMs, int Segment);
}

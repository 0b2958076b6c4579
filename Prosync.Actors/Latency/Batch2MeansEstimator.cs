namespace Prosync.Actors.Latency;

/// <summary>
/// <c>batch-2means</c>, the original Prosync method. Probes are grouped into batches of
/// <see cref="LatencyEstimatorOptions.BatchSize"/> probe slots (an answered or a lost probe each
/// take a slot, so a batch stays one second of probing at 10/s). A completed batch is reduced by
/// <see cref="TwoMeans.Reduce"/> (lopsided split ⇒ smaller cluster rejected) and its mean folds
/// into an EWMA. Until the first batch completes the estimate is the same reduction over the
/// partial batch, so a fresh path is not blind for a second.
/// </summary>
internal sealed class Batch2MeansEstimator : ILatencyEstimator
{
    private readonly LatencyEstimatorOptions _options;
    private readonly RttWindow _window;
    private readonly double[] _batch;
    private readonly double[] _sortedBatch;
    private int _batchCount;
    private int _batchSlots;
    private double _ewma;
    private bool _hasEwma;
    private int _samples;
    private int _outliers;

    public Batch2MeansEstimator(LatencyEstimatorOptions options)
    {
        options.Validate();
        _options = options;
        _window = new RttWindow(options.WindowSize);
        _batch = new double[options.BatchSize];
        _sortedBatch = new double[options.BatchSize];
    }

    public string Name => LatencyEstimators.Batch2Means;

    public void Add(LatencySample sample)
    {
        double ms = EstimatorGuard.RttMs(sample);
        _window.Add(ms);
        _samples++;
        _batch[_batchCount++] = ms;
        TakeSlot();
    }

    public void AddLoss(TimeSpan sentAt) => TakeSlot();

    public LatencyEstimate Current
    {
        get
        {
            if (_samples == 0)
                return LatencyEstimate.None;
            double rtt = _hasEwma ? _ewma : ReduceBatch().Mean;
            return new LatencyEstimate(rtt, rtt / 2, _window.Jitter(), _samples, _outliers);
        }
    }

    public void Reset()
    {
        _window.Clear();
        _batchCount = 0;
        _batchSlots = 0;
        _ewma = 0;
        _hasEwma = false;
        _samples = 0;
        _outliers = 0;
    }

    private void TakeSlot()
    {
        if (++_batchSlots < _options.BatchSize)
            return;
        if (_batchCount > 0)
        {
            var reduced = ReduceBatch();
            _outliers += reduced.Rejected;
            if (_hasEwma)
            {
                _ewma += _options.EwmaAlpha * (reduced.Mean - _ewma); // no change when equal: exact convergence
            }
            else
            {
                _ewma = reduced.Mean;
                _hasEwma = true;
            }
        }
        _batchCount = 0;
        _batchSlots = 0;
    }

    private BatchReduction ReduceBatch()
    {
        var sorted = _sortedBatch.AsSpan(0, _batchCount);
        _batch.AsSpan(0, _batchCount).CopyTo(sorted);
        sorted.Sort();
        return TwoMeans.Reduce(sorted, _options.LopsidedFraction);
    }
}

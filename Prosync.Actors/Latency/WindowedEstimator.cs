namespace Prosync.Actors.Latency;

/// <summary>Base of the sliding-window estimators: keeps the last <see cref="LatencyEstimatorOptions.WindowSize"/> RTTs.</summary>
internal abstract class WindowedEstimator : ILatencyEstimator
{
    private readonly RttWindow _window;
    private int _samples;

    protected WindowedEstimator(LatencyEstimatorOptions options)
    {
        options.Validate();
        Options = options;
        _window = new RttWindow(options.WindowSize);
    }

    public abstract string Name { get; }

    protected LatencyEstimatorOptions Options { get; }

    public void Add(LatencySample sample)
    {
        _window.Add(EstimatorGuard.RttMs(sample));
        _samples++;
    }

    /// <summary>A lost probe has no RTT; the window is of answered probes only.</summary>
    public void AddLoss(TimeSpan sentAt)
    {
    }

    public LatencyEstimate Current
    {
        get
        {
            if (_samples == 0)
                return LatencyEstimate.None;
            double rtt = Reduce(_window.Sorted());
            return new LatencyEstimate(rtt, rtt / 2, _window.Jitter(), _samples, 0);
        }
    }

    public void Reset()
    {
        _window.Clear();
        _samples = 0;
    }

    /// <summary>The RTT estimate from the window, sorted ascending and non-empty.</summary>
    protected abstract double Reduce(ReadOnlySpan<double> sorted);
}

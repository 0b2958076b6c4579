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
            var sorted = _window.Sorted();
            double rtt = Reduce(sorted);
            return new LatencyEstimate(rtt, rtt / 2, Jitter(sorted), _samples, 0);
        }
    }

    public void Reset()
    {
        _window.Clear();
        _samples = 0;
    }

    /// <summary>The RTT estimate from the window, sorted ascending and non-empty.</summary>
    protected abstract double Reduce(ReadOnlySpan<double> sorted);

    /// <summary>The jitter from the window (the same sorted span): by default the scaled MAD of the whole window.</summary>
    protected virtual double Jitter(ReadOnlySpan<double> sorted) => _window.Jitter();
}

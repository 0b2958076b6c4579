namespace Prosync.Actors.Latency;

/// <summary>The last N RTTs (ms) with a lazily maintained sorted copy.</summary>
internal sealed class RttWindow
{
    private readonly double[] _ring;
    private readonly double[] _sorted;
    private readonly double[] _scratch;
    private int _next;
    private int _count;
    private bool _sortedValid;

    public RttWindow(int capacity)
    {
        _ring = new double[capacity];
        _sorted = new double[capacity];
        _scratch = new double[capacity];
    }

    public int Count => _count;

    public void Add(double rttMs)
    {
        _ring[_next] = rttMs;
        _next = (_next + 1) % _ring.Length;
        if (_count < _ring.Length)
            _count++;
        _sortedValid = false;
    }

    public ReadOnlySpan<double> Sorted()
    {
        if (!_sortedValid)
        {
            _ring.AsSpan(0, _count).CopyTo(_sorted);
            _sorted.AsSpan(0, _count).Sort();
            _sortedValid = true;
        }
        return _sorted.AsSpan(0, _count);
    }

    /// <summary>Scaled MAD of the window (see <see cref="LatencyEstimate.JitterMs"/>); 0 when empty.</summary>
    public double Jitter() => _count == 0 ? 0 : RobustStats.ScaledMad(Sorted(), _scratch);

    public void Clear()
    {
        _next = 0;
        _count = 0;
        _sortedValid = false;
    }
}

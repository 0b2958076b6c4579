using Prosync.Actors.Continuity;

namespace Prosync.Actors.Tests.Continuity;

/// <summary>
/// A simulated MPD room read by a probe connection, for the continuity tests. The music plays at
/// proxy time t at position t + offset(t), where offset drifts at <see cref="Ppm"/>; MPD's
/// <c>elapsed</c> is the start of the output chunk being played (a lattice of <see cref="StepMs"/>
/// steps from the last seek), truncated to the ms. Probes leave every 100 ms ± 10 %; each way takes
/// the one-way delay plus exponential jitter (mean 0.2 ms), and with <c>bursts</c> a Gilbert–Elliott
/// chain (25 % of reads, mean run 3) adds 40–80 ms split at random between the two ways.
/// </summary>
internal sealed class SyntheticRoom
{
    public const double BurstFraction = 0.25;
    public const double MeanBurstRun = 3;
    public const double JitterMeanMs = 0.2;

    private readonly Random _random;
    private readonly bool _bursts;
    private readonly List<(double AtMs, double DeltaMs, bool IsSeek, double PauseMs)> _events = [];
    private double _anchorAtMs, _anchorOffsetMs, _latticeBaseMs;
    private double _nextSendMs;
    private readonly double _probeIntervalMs;
    private bool _inBurst;
    private int _songId = 1;

    public SyntheticRoom(int seed, double stepMs, double offsetMs, double ppm = 0, bool bursts = true, double oneWayMs = 2, double startMs = 0, double probeIntervalMs = 100)
    {
        _probeIntervalMs = probeIntervalMs;
        _random = new Random(seed);
        StepMs = stepMs;
        Ppm = ppm;
        OneWayMs = oneWayMs;
        _bursts = bursts;
        _anchorAtMs = startMs;
        _anchorOffsetMs = offsetMs;
        _latticeBaseMs = Math.Floor(startMs + offsetMs - (_random.NextDouble() * stepMs));   // songs and seeks start on a whole ms
        _nextSendMs = startMs + (_random.NextDouble() * 100);
    }

    public double StepMs { get; }

    public double Ppm { get; }

    public double OneWayMs { get; }

    /// <summary>Corrections, seeks and pauses applied so far.</summary>
    public int Moves { get; private set; }

    /// <summary>When the next probe leaves.</summary>
    public double NextSendMs => _nextSendMs;

    /// <summary>The true position minus proxy time at proxy time <paramref name="atMs"/>.</summary>
    public double TrueOffsetAt(double atMs) => _anchorOffsetMs + (Ppm * 1e-6 * (atMs - _anchorAtMs));

    /// <summary>Moves the music by <paramref name="deltaMs"/> at <paramref name="atMs"/> (negative: a correction pause; positive: a forward seek).</summary>
    public void Move(double atMs, double deltaMs, bool isSeek = false)
    {
        _anchorOffsetMs = TrueOffsetAt(atMs) + deltaMs;
        _anchorAtMs = atMs;
        if (isSeek)
            _latticeBaseMs = Math.Floor(atMs + _anchorOffsetMs);   // a seek restarts the chunk lattice at the target
        Moves++;
    }

    /// <summary>A seek by <paramref name="deltaMs"/> at <paramref name="atMs"/>.</summary>
    public SyntheticRoom SeekAt(double atMs, double deltaMs)
    {
        _events.Add((atMs, deltaMs, true, 0));
        return this;
    }

    /// <summary>A user pause of <paramref name="durationMs"/> from <paramref name="atMs"/>: reads say <c>pause</c>, then the music resumes that much later.</summary>
    public SyntheticRoom PauseAt(double atMs, double durationMs)
    {
        _events.Add((atMs, -durationMs, false, durationMs));
        return this;
    }

    /// <summary>Sends the next probe and returns its reply (replies arrive in order of sending).</summary>
    public PositionSample NextRead()
    {
        double sent = _nextSendMs;
        _nextSendMs += _probeIntervalMs * (0.9 + (_random.NextDouble() * 0.2));
        double up = OneWayMs + Exp(JitterMeanMs), down = OneWayMs + Exp(JitterMeanMs);
        if (_bursts)
        {
            double enter = BurstFraction * (1 / MeanBurstRun) / (1 - BurstFraction);
            _inBurst = _random.NextDouble() < (_inBurst ? 1 - (1 / MeanBurstRun) : enter);
            if (_inBurst)
            {
                double extra = 40 + (_random.NextDouble() * 40), share = _random.NextDouble();
                up += extra * share;
                down += extra * (1 - share);
            }
        }

        double read = sent + up;
        var state = PlayState.Play;
        foreach (var e in _events.ToArray())
        {
            if (read >= e.AtMs + e.PauseMs)
            {
                Move(e.AtMs + e.PauseMs, e.DeltaMs, e.IsSeek);
                _events.Remove(e);
            }
            else if (read >= e.AtMs)
            {
                state = PlayState.Pause;
            }
        }

        double position = read + TrueOffsetAt(read);
        double chunkStart = _latticeBaseMs + (StepMs * Math.Floor((position - _latticeBaseMs) / StepMs));
        double elapsed = Math.Floor(Math.Max(0, chunkStart));
        return new PositionSample(sent, read + down, elapsed, _songId, state);
    }

    private double Exp(double mean) => -mean * Math.Log(1 - _random.NextDouble());
}

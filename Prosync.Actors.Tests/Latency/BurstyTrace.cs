using Prosync.Actors.Latency;

namespace Prosync.Actors.Tests.Latency;

/// <summary>How the quiet-path jitter is distributed around the base RTT.</summary>
public enum JitterShape
{
    /// <summary>Gaussian, centred on the base: the base is the typical RTT.</summary>
    Symmetric,

    /// <summary>|Gaussian| (queueing only adds delay): the base is the floor.</summary>
    OneSided,
}

/// <summary>
/// Synthetic probe RTTs at 10/s: base RTT 10 ms (true one-way 5 ms), Gaussian jitter σ = 0.5 ms,
/// and bursts of +60 ms covering 5% of probes. Bursts are runs (a two-state Markov chain with a
/// mean run of 3 probes), because that is how queueing bursts look.
/// </summary>
internal static class BurstyTrace
{
    public const double BaseRttMs = 10;
    public const double TrueOneWayMs = BaseRttMs / 2;
    public const double JitterSigmaMs = 0.5;
    public const double BurstExtraMs = 60;
    public const double BurstFraction = 0.05;
    public const double MeanBurstRun = 3;

    public static IEnumerable<LatencySample> Generate(int seed, int count, JitterShape shape, double meanBurstRun = MeanBurstRun)
    {
        var random = new Random(seed);
        double stay = 1 - (1 / meanBurstRun);
        // Stationary burst fraction f = enter / (enter + leave) ⇒ enter = f·leave / (1 − f).
        double enter = BurstFraction * (1 - stay) / (1 - BurstFraction);
        bool inBurst = false;
        for (int i = 0; i < count; i++)
        {
            inBurst = random.NextDouble() < (inBurst ? stay : enter);
            double noise = Gaussian(random) * JitterSigmaMs;
            if (shape == JitterShape.OneSided)
                noise = Math.Abs(noise);
            double rtt = Math.Max(0.05, BaseRttMs + noise + (inBurst ? BurstExtraMs : 0));
            yield return new LatencySample(TimeSpan.FromMilliseconds(100 * i), TimeSpan.FromMilliseconds(rtt));
        }
    }

    private static double Gaussian(Random random)
    {
        double u1 = 1 - random.NextDouble(), u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}

namespace Prosync.Actors.Latency;

/// <summary>Input checks shared by the estimators.</summary>
internal static class EstimatorGuard
{
    public static double RttMs(LatencySample sample)
    {
        if (sample.Rtt < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(sample), sample.Rtt, "RTT must not be negative");
        return sample.Rtt.TotalMilliseconds;
    }
}

using Prosync.Actors.Continuity;
using Xunit.Abstractions;

namespace Prosync.Actors.Tests.Continuity;

public class ContinuityExplore(ITestOutputHelper output)
{
    [Theory]
    [InlineData(10.0, false)] [InlineData(23.22, false)] [InlineData(46.44, false)]
    [InlineData(10.0, true)] [InlineData(23.22, true)] [InlineData(46.44, true)]
    public void Explore_accuracy(double step, bool bursts)
    {
        foreach (double Corr in new[] { 0.0, 1.0 })
        foreach (double window in new[] { 10000.0, 20000 })
        {
            var errs = new List<double>(); var uncs = new List<double>(); int covered = 0;
            for (int seed = 0; seed < 10; seed++)
            {
                var room = new SyntheticRoom(seed, step, 1234.5, 0, bursts);
                var est = new PositionEstimator(new PositionEstimatorOptions { WindowMs = window });
                for (int i = 0; i < 1800; i++)
                {
                    var s = room.NextRead();
                    est.Add(s, room.OneWayMs);
                    if (s.SentAtMs < window + 1000) continue;
                    var e = est.Current;
                    double err = e.OffsetMs + (Corr * e.UncertaintyMs / 4) - room.TrueOffsetAt(e.AtMs);
                    errs.Add(err); uncs.Add(e.UncertaintyMs);
                    if (-err <= e.UncertaintyMs) covered++;
                }
            }
            var abs = errs.Select(Math.Abs).OrderBy(x => x).ToList();
            output.WriteLine($"step {step} corr {Corr} bursts {bursts} window {window}: p50 {abs[abs.Count / 2]:F2} p95 {abs[(int)(abs.Count * 0.95)]:F2} max {abs[^1]:F2} >0: {errs.Count(x => x > 0)} unc p50 {uncs.OrderBy(x => x).ElementAt(uncs.Count / 2):F2} covered {100.0 * covered / errs.Count:F1}%");
        }
    }
}

using System.Globalization;

namespace Prosync.Bench.Continuity;

/// <summary>n, mean, sd, min, max of finite values; formatted for the Markdown tables.</summary>
public readonly record struct Stats(int N, double Mean, double Sd, double Min, double Max)
{
    public static Stats Of(IEnumerable<double> values)
    {
        var v = values.Where(double.IsFinite).ToArray();
        if (v.Length == 0)
        {
            return new Stats(0, double.NaN, double.NaN, double.NaN, double.NaN);
        }

        var mean = v.Average();
        var sd = v.Length > 1 ? Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1)) : 0;
        return new Stats(v.Length, mean, sd, v.Min(), v.Max());
    }

    public string Row(string digits = "F2") => string.Create(CultureInfo.InvariantCulture,
        $"{N} | {Mean.ToString(digits, CultureInfo.InvariantCulture)} | {Sd.ToString(digits, CultureInfo.InvariantCulture)} | {Min.ToString(digits, CultureInfo.InvariantCulture)} | {Max.ToString(digits, CultureInfo.InvariantCulture)}");

    public const string Header = "n | mean | sd | min | max";

    public const string Rule = "--|--|--|--|--";

    /// <summary>Least-squares slope and intercept of y on x, the residuals' sd and the slope's standard error.</summary>
    public static (double Slope, double Intercept, double ResidualSd, double SlopeSe) Fit(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        var n = x.Count;
        if (n < 3)
        {
            return (double.NaN, double.NaN, double.NaN, double.NaN);
        }

        var mx = x.Average();
        var my = y.Average();
        double sxy = 0, sxx = 0;
        for (var i = 0; i < n; i++)
        {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
        }

        var slope = sxy / sxx;
        var intercept = my - (slope * mx);
        var ss = 0.0;
        for (var i = 0; i < n; i++)
        {
            var r = y[i] - (intercept + (slope * x[i]));
            ss += r * r;
        }

        var sd = Math.Sqrt(ss / (n - 2));
        return (slope, intercept, sd, sd / Math.Sqrt(sxx));
    }

    /// <summary>One slope shared by several (x, y) runs, each with its own intercept, and its standard error.</summary>
    public static (double Slope, double SlopeSe) JointSlope(IReadOnlyList<(IReadOnlyList<double> X, IReadOnlyList<double> Y)> runs)
    {
        double sxy = 0, sxx = 0;
        var n = 0;
        foreach (var (x, y) in runs.Where(r => r.X.Count >= 2))
        {
            var mx = x.Average();
            var my = y.Average();
            for (var i = 0; i < x.Count; i++)
            {
                sxy += (x[i] - mx) * (y[i] - my);
                sxx += (x[i] - mx) * (x[i] - mx);
            }

            n += x.Count - 1;
        }

        if (sxx == 0 || n < 2)
        {
            return (double.NaN, double.NaN);
        }

        var slope = sxy / sxx;
        double ss = 0;
        foreach (var (x, y) in runs.Where(r => r.X.Count >= 2))
        {
            var mx = x.Average();
            var my = y.Average();
            for (var i = 0; i < x.Count; i++)
            {
                var r = (y[i] - my) - (slope * (x[i] - mx));
                ss += r * r;
            }
        }

        return (slope, Math.Sqrt(ss / (n - 1) / sxx));
    }

    public static double Median(IEnumerable<double> values)
    {
        var s = values.Where(double.IsFinite).Order().ToArray();
        return s.Length == 0 ? double.NaN : s.Length % 2 == 1 ? s[s.Length / 2] : (s[(s.Length / 2) - 1] + s[s.Length / 2]) / 2;
    }
}

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

    /// <summary>Least-squares slope and intercept of y on x, and the residuals' sd.</summary>
    public static (double Slope, double Intercept, double ResidualSd) Fit(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        var n = x.Count;
        if (n < 3)
        {
            return (double.NaN, double.NaN, double.NaN);
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

        return (slope, intercept, Math.Sqrt(ss / (n - 2)));
    }

    public static double Median(IEnumerable<double> values)
    {
        var s = values.Where(double.IsFinite).Order().ToArray();
        return s.Length == 0 ? double.NaN : s.Length % 2 == 1 ? s[s.Length / 2] : (s[(s.Length / 2) - 1] + s[s.Length / 2]) / 2;
    }
}

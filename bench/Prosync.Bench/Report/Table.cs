using System.Globalization;
using System.Text;

namespace Prosync.Bench.Report;

/// <summary>A Markdown table, printed to the console as is and pasted into BENCHMARKS.md.</summary>
public sealed class Table(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public Table Add(params object?[] cells)
    {
        _rows.Add(cells.Select(Format).ToArray());
        return this;
    }

    public static string Ms(double value) => double.IsFinite(value) ? value.ToString(value >= 100 ? "0" : "0.00", CultureInfo.InvariantCulture) : "–";

    public override string ToString()
    {
        var widths = headers.Select((h, i) => Math.Max(h.Length, _rows.Count == 0 ? 0 : _rows.Max(r => i < r.Length ? r[i].Length : 0))).ToArray();
        var text = new StringBuilder();
        void Line(IReadOnlyList<string> cells) =>
            text.Append("| ").Append(string.Join(" | ", widths.Select((w, i) => (i < cells.Count ? cells[i] : "").PadRight(w)))).Append(" |\n");
        Line(headers);
        text.Append('|').Append(string.Join('|', widths.Select(w => new string('-', w + 2)))).Append("|\n");
        foreach (var row in _rows)
        {
            Line(row);
        }

        return text.ToString();
    }

    private static string Format(object? cell) => cell switch
    {
        null => "",
        double d => Ms(d),
        float f => Ms(f),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => cell.ToString() ?? "",
    };
}

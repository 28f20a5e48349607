using System.Globalization;

namespace Botify.Benchmarks.ApiThroughput;

/// <summary>
/// Botify.Api's counters as its Prometheus endpoint shows them, read before and after a phase, so a phase's
/// fallbacks (by reason), sources and candidate-cache lookups are reported beside its throughput.
/// </summary>
internal sealed class ApiCounters
{
    private readonly Dictionary<string, double> _values;

    private ApiCounters(Dictionary<string, double> values) => _values = values;

    public static async Task<ApiCounters> ReadAsync(HttpClient http, Uri api)
    {
        var text = await http.GetStringAsync(new Uri(api, "/metrics"));
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            // name{labels} value [timestamp]
            var end = line.IndexOf('}', StringComparison.Ordinal) is var brace and >= 0 ? brace + 1 : line.IndexOf(' ', StringComparison.Ordinal);
            var rest = line[end..].Trim().Split(' ');
            if (end > 0 && double.TryParse(rest[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                values[line[..end]] = value;
            }
        }

        return new ApiCounters(values);
    }

    /// <summary>Sum of the series of <paramref name="metric"/> whose labels contain <paramref name="label"/> (all series when null), after minus before.</summary>
    public static double Delta(ApiCounters before, ApiCounters after, string metric, string? label = null) =>
        after.Sum(metric, label) - before.Sum(metric, label);

    /// <summary>Sum of the series of <paramref name="metric"/> whose labels contain <paramref name="label"/> (all series when null) now (a gauge's value, a counter's total).</summary>
    public double Value(string metric, string? label = null) => Sum(metric, label);

    /// <summary>Per value of the label <paramref name="labelName"/> of <paramref name="metric"/>, after minus before; zeros left out.</summary>
    public static SortedDictionary<string, double> DeltaBy(ApiCounters before, ApiCounters after, string metric, string labelName)
    {
        var deltas = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var (series, value) in after._values)
        {
            if (series.StartsWith(metric + "{", StringComparison.Ordinal) && Label(series, labelName) is { } label)
            {
                var delta = value - before._values.GetValueOrDefault(series);
                if (delta > 0)
                {
                    deltas[label] = deltas.GetValueOrDefault(label) + delta;
                }
            }
        }

        return deltas;
    }

    private double Sum(string metric, string? label) =>
        _values.Where(p => (p.Key == metric || p.Key.StartsWith(metric + "{", StringComparison.Ordinal)) && (label is null || p.Key.Contains(label, StringComparison.Ordinal))).Sum(p => p.Value);

    private static string? Label(string series, string name)
    {
        var start = series.IndexOf(name + "=\"", StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        start += name.Length + 2;
        return series[start..series.IndexOf('"', start)];
    }
}

using System.Globalization;
using System.Text;

namespace Botify.Tests.Support;

/// <summary>One sample of a scrape: a series name, its labels and its value.</summary>
internal sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

/// <summary>
/// A parsed Prometheus text exposition (format 0.0.4), so tests ask for a series by name and labels
/// whatever other labels the exporter adds (e.g. <c>otel_scope_name</c>) and in whatever order.
/// </summary>
internal sealed class PrometheusText
{
    private PrometheusText(Dictionary<string, string> types, List<PrometheusSample> samples, string text)
    {
        Types = types;
        Samples = samples;
        Text = text;
    }

    /// <summary>Metric family name → its <c># TYPE</c> (counter, gauge, histogram, ...).</summary>
    public IReadOnlyDictionary<string, string> Types { get; }

    public IReadOnlyList<PrometheusSample> Samples { get; }

    public string Text { get; }

    public static PrometheusText Parse(string text)
    {
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        var samples = new List<PrometheusSample>();
        var number = 0;
        foreach (var raw in text.Split('\n'))
        {
            number++;
            var line = raw.TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line["# TYPE ".Length..].Split(' ', 2);
                types[parts[0]] = parts[1];
                continue;
            }

            if (line.StartsWith('#'))
            {
                continue;
            }

            samples.Add(ParseSample(line, number));
        }

        return new PrometheusText(types, samples, text);
    }

    /// <summary>Samples named <paramref name="name"/> whose labels include every pair of <paramref name="labels"/>.</summary>
    public IEnumerable<PrometheusSample> Series(string name, params (string Label, string Value)[] labels) =>
        Samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Label, out var v) && v == l.Value));

    /// <summary>The one sample named <paramref name="name"/> with <paramref name="labels"/>; fails naming the series when there is none or several.</summary>
    public double Value(string name, params (string Label, string Value)[] labels)
    {
        var found = Series(name, labels).ToList();
        var described = $"{name}{{{string.Join(",", labels.Select(l => $"{l.Label}=\"{l.Value}\""))}}}";
        Assert.That(found, Is.Not.Empty, $"no series {described} in the scrape:\n{Text}");
        Assert.That(found, Has.Count.EqualTo(1), $"several series match {described}: {string.Join("; ", found)}");
        return found[0].Value;
    }

    private static PrometheusSample ParseSample(string line, int number)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var brace = line.IndexOf('{', StringComparison.Ordinal);
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        string name;
        int rest;
        if (brace >= 0 && (space < 0 || brace < space))
        {
            name = line[..brace];
            var i = brace + 1;
            while (line[i] != '}')
            {
                var equals = line.IndexOf('=', i);
                var label = line[i..equals].Trim(',', ' ');
                if (line[equals + 1] != '"')
                {
                    throw new FormatException($"line {number}: label {label} has no quoted value: {line}");
                }

                var value = new StringBuilder();
                i = equals + 2;
                for (; line[i] != '"'; i++)
                {
                    if (line[i] == '\\')
                    {
                        i++;
                        value.Append(line[i] == 'n' ? '\n' : line[i]);
                    }
                    else
                    {
                        value.Append(line[i]);
                    }
                }

                labels[label] = value.ToString();
                i++;
                if (line[i] == ',')
                {
                    i++;
                }
            }

            rest = i + 1;
        }
        else
        {
            name = line[..space];
            rest = space;
        }

        var fields = line[rest..].Trim().Split(' ');
        if (!double.TryParse(fields[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var sample))
        {
            sample = fields[0] switch
            {
                "+Inf" => double.PositiveInfinity,
                "-Inf" => double.NegativeInfinity,
                "NaN" => double.NaN,
                _ => throw new FormatException($"line {number}: value '{fields[0]}' of {name} is not a number: {line}"),
            };
        }

        return new PrometheusSample(name, labels, sample);
    }
}

using System.CommandLine;
using System.Globalization;

namespace Botify.Train.Rollout;

/// <summary>A duration option written as operators write them (<c>30s</c>, <c>500ms</c>, <c>2m</c>, <c>1h</c>) or as <c>hh:mm:ss</c>, with a range.</summary>
internal static class DurationOption
{
    public static Option<TimeSpan> Create(string name, string description, TimeSpan defaultValue, TimeSpan min, TimeSpan max) => new(name)
    {
        Description = $"{description} {Format(min)}..{Format(max)}.",
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result =>
        {
            if (result.Tokens.Count == 0)
            {
                return defaultValue;
            }

            var text = result.Tokens[^1].Value;
            if (!TryParse(text, out var value))
            {
                result.AddError($"{name} '{text}': expected a duration such as 30s, 500ms, 2m, 1h or 00:00:30");
            }
            else if (value < min || value > max)
            {
                result.AddError($"{name} '{text}': outside {Format(min)}..{Format(max)}");
            }

            return value;
        },
    };

    public static bool TryParse(string text, out TimeSpan value)
    {
        text = text.Trim();
        var units = new (string Suffix, Func<double, TimeSpan> Make)[]
        {
            ("ms", TimeSpan.FromMilliseconds), ("s", TimeSpan.FromSeconds), ("m", TimeSpan.FromMinutes), ("h", TimeSpan.FromHours),
        };
        foreach (var (suffix, make) in units)
        {
            if (text.EndsWith(suffix, StringComparison.Ordinal)
                && double.TryParse(text.AsSpan(0, text.Length - suffix.Length), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
            {
                value = make(amount);
                return true;
            }
        }

        // Only hh:mm:ss: TimeSpan reads a bare "30" as 30 days, not the 30 seconds an operator means.
        value = default;
        return text.Contains(':', StringComparison.Ordinal) && TimeSpan.TryParseExact(text, "c", CultureInfo.InvariantCulture, out value) && value >= TimeSpan.Zero;
    }

    private static string Format(TimeSpan value) =>
        value.TotalHours >= 1 && value.TotalHours % 1 == 0 ? string.Create(CultureInfo.InvariantCulture, $"{value.TotalHours:0}h")
        : value.TotalMinutes >= 1 && value.TotalMinutes % 1 == 0 ? string.Create(CultureInfo.InvariantCulture, $"{value.TotalMinutes:0}m")
        : value.TotalSeconds >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{value.TotalSeconds:0.###}s")
        : string.Create(CultureInfo.InvariantCulture, $"{value.TotalMilliseconds:0}ms");
}

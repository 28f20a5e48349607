using System.Globalization;

namespace Botify.Lab.Loop;

/// <summary>
/// One swept setting of a treatment, written <c>name=v1,v2,...</c>: <c>fatigue.threshold</c>,
/// <c>fatigue.artistsTimeout</c>, <c>fatigue.tracksTimeout</c>, <c>k</c>, <c>pick</c> or <c>recommender</c>.
/// </summary>
public sealed record SweepParameter(string Name, string SettingKey, IReadOnlyList<string> Values)
{
    private static readonly Dictionary<string, string> Keys = new(StringComparer.OrdinalIgnoreCase)
    {
        ["fatigue.threshold"] = "Fatigue:Threshold",
        ["fatigue.artistsTimeout"] = "Fatigue:ArtistsTimeout",
        ["fatigue.tracksTimeout"] = "Fatigue:TracksTimeout",
        ["k"] = "K",
        ["pick"] = "Pick",
        ["explore"] = "Explore",
        ["recommender"] = "Recommender",
    };

    /// <summary>Parses <c>name=v1,v2</c>.</summary>
    /// <exception cref="FormatException">The text names no known setting or has no values; the message says which.</exception>
    public static SweepParameter Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            throw new FormatException($"--param '{text}' must look like name=value1,value2");
        }

        var name = text[..equals].Trim();
        if (!Keys.TryGetValue(name, out var key))
        {
            throw new FormatException($"--param '{name}' is not a treatment setting; use one of {string.Join(", ", Keys.Keys)}");
        }

        var values = text[(equals + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (values.Length == 0)
        {
            throw new FormatException($"--param '{name}' has no values");
        }

        if (key.StartsWith("Fatigue:", StringComparison.Ordinal) || key is "K" or "Explore")
        {
            foreach (var value in values)
            {
                if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                {
                    throw new FormatException($"--param '{name}' value '{value}' is not a number");
                }
            }
        }

        return new SweepParameter(name, key, values);
    }

    /// <summary>
    /// One arm per combination of the parameters' values, each on top of the seed's full approach
    /// (Contextual + listener + fatigue) with the model arms' exploration share, after the course
    /// seminar's Contextual as control.
    /// </summary>
    public static IReadOnlyList<Arm> Arms(IReadOnlyList<SweepParameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        IEnumerable<IReadOnlyList<(SweepParameter Parameter, string Value)>> combinations = [[]];
        foreach (var parameter in parameters)
        {
            combinations = combinations.SelectMany(c => parameter.Values.Select(v => (IReadOnlyList<(SweepParameter, string)>)[.. c, (parameter, v)])).ToList();
        }

        var arms = new List<Arm> { Arm.Standard[0] };
        var index = 1;
        foreach (var combination in combinations)
        {
            var overrides = new Dictionary<string, string>(StringComparer.Ordinal) { ["Explore"] = Arm.ModelExplore };
            foreach (var (parameter, value) in combination)
            {
                overrides[parameter.SettingKey] = value;
            }

            var description = "T3 with " + string.Join(", ", combination.Select(p => $"{p.Parameter.Name}={p.Value}"));
            var name = string.Create(CultureInfo.InvariantCulture, $"S{index++}");
            arms.Add(Arm.Create(name, description, "ContextualUser", fatigue: true, overrides));
        }

        return arms;
    }
}

using Botify.Train.Model;
using Microsoft.Extensions.Configuration;

namespace Botify.Lab.Loop;

/// <summary>
/// <c>--train KEY=VALUE</c>: any <see cref="TrainerOptions"/> setting by its property name, nested ones with
/// a colon (<c>CoListening:Weight=5</c>), so a probe or a run can try a training choice from the command line.
/// </summary>
public static class TrainerSettings
{
    /// <summary>The trainer's defaults with <paramref name="pairs"/> applied; throws <see cref="FormatException"/> naming a bad pair.</summary>
    public static TrainerOptions Parse(IEnumerable<string> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in pairs)
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new FormatException($"--train '{pair}' must be KEY=VALUE, e.g. CoListening:Weight=5");
            }

            values[pair[..equals].Trim()] = pair[(equals + 1)..].Trim();
        }

        var options = new TrainerOptions();
        try
        {
            new ConfigurationBuilder().AddInMemoryCollection(values).Build().Bind(options, o => o.ErrorOnUnknownConfiguration = true);
            options.Validate();
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentOutOfRangeException)
        {
            throw new FormatException($"--train {string.Join(' ', values.Select(v => $"{v.Key}={v.Value}"))}: {e.Message.Split(Environment.NewLine)[0]}", e);
        }

        return options;
    }
}
